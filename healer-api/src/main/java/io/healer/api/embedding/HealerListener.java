package io.healer.api.embedding;

import io.healer.api.API;
import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckId;

/**
 * Observes the engine's decisions. Logs, Kubernetes Events and metrics are listeners, so the
 * engine has one way to report and embedders can add their own.
 *
 * <p>Every method has a no-op default; implement what you need. Methods are called on the engine's
 * thread and must return quickly and not throw (an exception is logged and ignored).
 *
 * <pre>{@code
 * Healer healer = Healer.builder()
 *     .listener(new HealerListener() {
 *       public void onEvent(HealerEvent event) { audit.record(event.toString()); }
 *     })
 *     ...
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface HealerListener {

  /** A listener that ignores everything. */
  HealerListener NOOP = new HealerListener() {};

  /**
   * A decision about one node.
   *
   * @param event the decision, never {@code null}
   */
  default void onEvent(HealerEvent event) {}

  /**
   * One check's verdict on one node, every cycle: for metrics. The engine calls {@link
   * #onVerdict(NodeInfo, CheckId, Verdict)}, which by default calls this method with the check's
   * display form.
   *
   * @param node the node judged
   * @param check the check as shown ({@link CheckId#display()}): its name, its type, or its type
   *     and position when the role has more than one check of that type
   * @param verdict the verdict
   */
  default void onVerdict(NodeInfo node, String check, Verdict verdict) {}

  /**
   * One check's verdict on one node, every cycle, with the check's identity: what the engine calls.
   * By default it calls {@link #onVerdict(NodeInfo, String, Verdict)} with {@code check.display()};
   * implement one of the two.
   *
   * @param node the node judged
   * @param check which of the role's checks judged it
   * @param verdict the verdict
   * @since 0.1
   */
  default void onVerdict(NodeInfo node, CheckId check, Verdict verdict) {
    onVerdict(node, check.display(), verdict);
  }

  /**
   * A cycle ended.
   *
   * @param summary what the cycle saw and did
   */
  default void onCycle(CycleSummary summary) {}
}
