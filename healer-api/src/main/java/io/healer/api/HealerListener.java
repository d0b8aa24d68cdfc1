package io.healer.api;

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
   * One check's verdict on one node, every cycle: for metrics.
   *
   * @param node the node judged
   * @param check the check's type
   * @param verdict the verdict
   */
  default void onVerdict(NodeInfo node, String check, Verdict verdict) {}

  /**
   * A cycle ended.
   *
   * @param summary what the cycle saw and did
   */
  default void onCycle(CycleSummary summary) {}
}
