package io.healer.simulation;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.RepairAction;
import io.healer.core.engine.RepairHooks;
import java.time.Clock;
import java.time.Instant;

/**
 * The cluster side of a repair as the simulator models it: a worker healer sees not Ready keeps
 * its pods (the drain times out with pods left, so the engine fences it before a rebuild or a
 * replace); the out-of-service taint is written to ground truth, where the {@link Referee} checks
 * that the cloud said the server was off at that moment, and removed when the node recovers.
 */
final class SimulatedDrain implements RepairHooks {

  private final World world;
  private final Referee referee;
  private final Clock clock;

  SimulatedDrain(World world, Referee referee, Clock clock) {
    this.world = world;
    this.referee = referee;
    this.clock = clock;
  }

  @Override
  public Readiness prepare(NodeInfo node, RepairAction action, Instant now) {
    // As the drain sees it: a node that is not Ready keeps its pods (no kubelet stops them).
    boolean ready = node.condition(io.healer.api.NodeCondition.READY).map(io.healer.api.NodeCondition::isTrue)
        .orElse(false);
    if (node.role() == NodeRole.WORKER && action != RepairAction.REBOOT && !ready) {
      return Readiness.readyWithPodsLeft("the pods of a silent kubelet are left after drain-timeout");
    }
    return Readiness.ready();
  }

  @Override
  public Readiness fence(NodeInfo node, Instant now) {
    referee.tainted(node.name(), world.power(node.name(), clock.instant()), now);
    world.taint(node.name(), now);
    return Readiness.ready();
  }

  @Override
  public void recovered(NodeInfo node, Instant now) {
    world.untaint(node.name());
  }
}
