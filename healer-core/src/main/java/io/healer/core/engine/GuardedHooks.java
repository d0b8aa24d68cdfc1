package io.healer.core.engine;

import io.healer.api.NodeInfo;
import io.healer.api.cloud.RepairAction;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the {@link RepairHooks} so that one that throws or answers nothing cannot stop a cycle. */
final class GuardedHooks {

  private static final Logger log = LoggerFactory.getLogger(HealingEngine.class);

  private final RepairHooks hooks;

  GuardedHooks(RepairHooks hooks) {
    this.hooks = hooks;
  }

  /** Whether the repair may go now; a hook that fails or gives no answer means not yet. */
  RepairHooks.Readiness prepare(NodeInfo node, RepairAction action, Instant now) {
    try {
      RepairHooks.Readiness r = hooks.prepare(node, action, now);
      return r == null ? RepairHooks.Readiness.notYet("the preparation gave no answer") : r;
    } catch (RuntimeException e) {
      log.warn("preparing the repair of {} failed", node.name(), e);
      return RepairHooks.Readiness.notYet("the preparation failed: " + e.getClass().getSimpleName());
    }
  }

  /** Whether the node carries the out-of-service taint now; a hook that fails means not. */
  RepairHooks.Readiness fence(NodeInfo node, Instant now) {
    try {
      RepairHooks.Readiness r = hooks.fence(node, now);
      return r == null ? RepairHooks.Readiness.notYet("the taint hook gave no answer") : r;
    } catch (RuntimeException e) {
      log.warn("marking {} out of service failed", node.name(), e);
      return RepairHooks.Readiness.notYet("the taint hook failed: " + e.getClass().getSimpleName());
    }
  }

  /** The cloud accepted the repair. */
  void started(NodeInfo node, RepairAction action, Instant now) {
    call("started", node, () -> hooks.started(node, action, now));
  }

  /** The node passes all its checks again. */
  void recovered(NodeInfo node, Instant now) {
    call("recovered", node, () -> hooks.recovered(node, now));
  }

  private static void call(String name, NodeInfo node, Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      log.warn("the {} hook failed for node {}", name, node.name(), e);
    }
  }
}
