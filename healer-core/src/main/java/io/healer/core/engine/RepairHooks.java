package io.healer.core.engine;

import io.healer.api.API;
import io.healer.api.NodeInfo;
import io.healer.api.cloud.RepairAction;
import java.time.Instant;
import java.util.Objects;

/**
 * What the cluster side does around a repair, such as cordoning and draining a worker before it is
 * rebuilt, or uncordoning it once it is healthy again. The engine calls these on its own thread;
 * none may block for long: a drain that takes minutes answers {@link Readiness#notYet} and is asked
 * again next cycle.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface RepairHooks {

  /** Hooks that do nothing: every repair is ready at once. */
  RepairHooks NONE = new RepairHooks() {};

  /**
   * Asked each cycle for an admitted repair, before anything is recorded or sent to the cloud.
   *
   * @param node the node to repair
   * @param action the action about to be asked of the cloud
   * @param now the cycle's time
   * @return ready to let the repair go now, or not yet with the reason
   */
  default Readiness prepare(NodeInfo node, RepairAction action, Instant now) {
    return Readiness.ready();
  }

  /**
   * The cloud accepted the repair of the node.
   *
   * @param node the node being repaired
   * @param action the action the cloud accepted
   * @param now the cycle's time
   */
  default void started(NodeInfo node, RepairAction action, Instant now) {}

  /**
   * The node passes all its checks again after a failure or repair.
   *
   * @param node the node, as seen this cycle
   * @param now the cycle's time
   */
  default void recovered(NodeInfo node, Instant now) {}

  /**
   * Marks a node out of service ({@code node.kubernetes.io/out-of-service=nodeshutdown:NoExecute})
   * so that Kubernetes moves its pods and detaches its volumes. The engine asks only after the
   * cloud said the node's server is off; the hook that added the taint removes it in {@link
   * #recovered}.
   *
   * @param node the node, whose server the cloud reports off
   * @param now the cycle's time
   * @return ready when the node carries the taint, or not yet with the reason it could not be added
   */
  default Readiness fence(NodeInfo node, Instant now) {
    return Readiness.notYet("nothing on the cluster side can mark nodes out of service");
  }

  /** Whether a repair may go ahead now. */
  final class Readiness {
    private static final Readiness READY = new Readiness(null, null);

    private final String waitingFor;
    private final String podsLeft;

    private Readiness(String waitingFor, String podsLeft) {
      this.waitingFor = waitingFor;
      this.podsLeft = podsLeft;
    }

    /**
     * The repair may go ahead.
     *
     * @return the shared ready answer, with no pods left
     */
    public static Readiness ready() {
      return READY;
    }

    /**
     * The repair may go ahead although the node's pods could not all be drained (the drain timed
     * out): the engine may fence the node first.
     *
     * @param podsLeft which pods are left and why, for people
     * @return a ready answer that is not {@linkplain #drained() drained}
     * @throws NullPointerException if {@code podsLeft} is {@code null}
     */
    public static Readiness readyWithPodsLeft(String podsLeft) {
      return new Readiness(null, Objects.requireNonNull(podsLeft, "podsLeft"));
    }

    /**
     * The repair must wait, for the given reason (such as "draining 3 pods").
     *
     * @param reason what the repair waits for, for people; not {@code null}
     * @return a not-ready answer
     */
    public static Readiness notYet(String reason) {
      return new Readiness(Objects.requireNonNull(reason, "reason"), null);
    }

    /**
     * Whether the node's pods are all drained (or were never to be): false only after {@link #readyWithPodsLeft}.
     *
     * @return {@code true} unless the answer came from {@link #readyWithPodsLeft}
     */
    public boolean drained() {
      return podsLeft == null;
    }

    /**
     * Which pods are left, from {@link #readyWithPodsLeft}; empty when drained.
     *
     * @return the pods left, never {@code null}
     */
    public String podsLeft() {
      return podsLeft == null ? "" : podsLeft;
    }

    /**
     * Whether the repair may go ahead.
     *
     * @return {@code true} unless the answer came from {@link #notYet}
     */
    public boolean isReady() {
      return waitingFor == null;
    }

    /**
     * Why not yet; empty when ready.
     *
     * @return the reason, never {@code null}
     */
    public String reason() {
      return waitingFor == null ? "" : waitingFor;
    }

    @Override
    public String toString() {
      return !isReady() ? "not yet: " + waitingFor : drained() ? "ready" : "ready with pods left: " + podsLeft;
    }
  }
}
