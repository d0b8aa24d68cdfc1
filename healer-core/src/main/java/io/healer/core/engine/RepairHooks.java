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

  /** The cloud accepted the repair of the node. */
  default void started(NodeInfo node, RepairAction action, Instant now) {}

  /** The node passes all its checks again after a failure or repair. */
  default void recovered(NodeInfo node, Instant now) {}

  /** Whether a repair may go ahead now. */
  final class Readiness {
    private static final Readiness READY = new Readiness(null);

    private final String waitingFor;

    private Readiness(String waitingFor) {
      this.waitingFor = waitingFor;
    }

    /** The repair may go ahead. */
    public static Readiness ready() {
      return READY;
    }

    /** The repair must wait, for the given reason (such as "draining 3 pods"). */
    public static Readiness notYet(String reason) {
      return new Readiness(Objects.requireNonNull(reason, "reason"));
    }

    /** Whether the repair may go ahead. */
    public boolean isReady() {
      return waitingFor == null;
    }

    /** Why not yet; empty when ready. */
    public String reason() {
      return waitingFor == null ? "" : waitingFor;
    }

    @Override
    public String toString() {
      return isReady() ? "ready" : "not yet: " + waitingFor;
    }
  }
}
