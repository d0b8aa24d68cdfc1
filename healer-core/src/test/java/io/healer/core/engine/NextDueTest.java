package io.healer.core.engine;

import static io.healer.api.cloud.RepairAction.REBOOT;
import static io.healer.api.cloud.RepairAction.REBUILD;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeRole;
import io.healer.core.config.UnhealthyLimit;
import io.healer.core.plugin.ConfiguredCheck;
import io.healer.fakes.FakeCloud;
import io.healer.fakes.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The engine's next due instant")
class NextDueTest {

  private static final Duration UNHEALTHY = Duration.ofMinutes(5);

  private static List<io.healer.api.cloud.RepairAction> actionsOf(FakeCloud cloud, String node) {
    return cloud.repairsOf(node).stream().map(FakeCloud.Repair::action).toList();
  }

  @Test
  void isEmptyWhenNothingIsTracked() {
    EngineFixture f = new EngineFixture().masters(3).workers(4);
    f.cycle();

    assertThat(f.engine.nextDue()).isEmpty();
  }

  @Test
  void isWhenATrackedFailureReachesItsUnhealthyDurationAndACycleThenRepairs() {
    EngineFixture f = new EngineFixture().masters(3).workers(4);
    f.cycle();
    f.clock.advance(Duration.ofSeconds(20));
    Instant broke = f.clock.instant();
    f.cluster.killKubelet("worker-2");
    f.clock.advance(Duration.ofSeconds(40));
    f.cycle();

    assertThat(f.engine.nextDue()).contains(broke.plus(UNHEALTHY));

    f.clock.set(broke.plus(UNHEALTHY).minusMillis(1));
    f.cycle();
    assertThat(f.cloud.repairs()).isEmpty();
    f.clock.set(broke.plus(UNHEALTHY));
    f.cycle();
    assertThat(actionsOf(f.cloud, "worker-2")).containsExactly(REBOOT);
  }

  @Test
  void isWhenAStepsTimeToRecoverEndsSoTheNextStepFollowsAtOnce() {
    EngineFixture f = new EngineFixture().workers(4);
    f.cluster.fault("worker-1", Fault.hardware());
    Instant broke = f.clock.instant();
    f.cycle();
    f.clock.set(broke.plus(UNHEALTHY));
    f.cycle();
    assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);

    Instant rebuildDue = broke.plus(UNHEALTHY).plus(f.config.rebuildDelayAfterReboot());
    assertThat(f.engine.nextDue()).contains(rebuildDue);
    f.clock.set(rebuildDue);
    f.cycle();
    assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT, REBUILD);
  }

  @Test
  void isWhenABackoffEnds() {
    EngineFixture f = new EngineFixture(c -> c.repairBackoff(Duration.ofMinutes(4))).workers(4);
    f.cloud.failRepairsOf("worker-1", "Nova answered 500");
    f.cluster.killKubelet("worker-1");
    Instant broke = f.clock.instant();
    f.cycle();
    f.clock.set(broke.plus(UNHEALTHY));
    f.cycle();
    assertThat(f.cloud.repairsOf("worker-1")).hasSize(1);

    Instant retry = broke.plus(UNHEALTHY).plus(Duration.ofMinutes(4));
    assertThat(f.engine.nextDue()).contains(retry);
    f.clock.set(retry);
    f.cycle();
    assertThat(f.cloud.repairsOf("worker-1")).hasSize(2);
  }

  @Test
  void isWhenARecoveredNodesHealthyDurationEnds() {
    EngineFixture f = new EngineFixture().workers(4);
    f.cluster.killKubelet("worker-1");
    f.cycle();
    f.clock.advance(Duration.ofMinutes(1));
    f.cluster.revive("worker-1");
    Instant recovered = f.clock.instant();
    f.cycle();

    assertThat(f.engine.nextDue()).contains(recovered.plus(f.config.healthyDuration()));
  }

  @Test
  void usesTheUnhealthyDurationOfTheNodesRole() {
    EngineFixture f = new EngineFixture().masters(3).workers(4);
    ConfiguredCheck worker = f.checks.get(NodeRole.WORKER).get(0);
    f.checks = Map.of(NodeRole.MASTER,
        List.of(new ConfiguredCheck(worker.type(), Duration.ofMinutes(2), worker.check())),
        NodeRole.WORKER, List.of(worker));
    f.cluster.killKubelet("master-1");
    f.cluster.killKubelet("worker-1");
    Instant broke = f.clock.instant();
    f.cycle();

    assertThat(f.engine.nextDue()).contains(broke.plus(Duration.ofMinutes(2)));
  }

  @Test
  void usesTheUnhealthyDurationOfEachOfTwoChecksOfOneType() {
    EngineFixture f = new EngineFixture().workers(4);
    ConfiguredCheck ready = f.checks.get(NodeRole.WORKER).get(0);
    f.checks = Map.of(NodeRole.WORKER, List.of(
        new ConfiguredCheck(ready.type(), Duration.ofMinutes(20), ready.check()),
        new ConfiguredCheck(ready.type(), Duration.ofMinutes(3), ready.check())));
    f.cluster.killKubelet("worker-1");
    Instant broke = f.clock.instant();
    f.cycle();

    assertThat(f.engine.nextDue()).as("the second check's three minutes, not the first's twenty")
        .contains(broke.plus(Duration.ofMinutes(3)));
  }

  @Test
  void neverNamesAnInstantThatIsAlreadyDueSoAHeldRepairDoesNotSpin() {
    EngineFixture f = new EngineFixture().workers(4);
    f.paused = () -> true;
    f.cluster.killKubelet("worker-1");
    Instant broke = f.clock.instant();
    f.cycle();
    f.clock.set(broke.plus(UNHEALTHY).plusSeconds(1));
    f.cycle();

    assertThat(f.cloud.repairs()).isEmpty();
    assertThat(f.engine.nextDue()).isEmpty();
  }

  @Test
  void isWhenTheStormCoolDownEnds() {
    EngineFixture f = new EngineFixture(c -> c.maxUnhealthyWorkers(UnhealthyLimit.count(1))
        .stormCooldown(Duration.ofMinutes(7))).workers(6);
    Instant broke = f.clock.instant();
    f.cluster.killKubelet("worker-1");
    f.cluster.killKubelet("worker-2");
    f.cycle();
    f.clock.advance(Duration.ofMinutes(1));
    f.cluster.revive("worker-2");
    Instant calm = f.clock.instant();
    f.cycle();

    assertThat(f.engine.nextDue()).contains(broke.plus(UNHEALTHY));
    f.clock.set(broke.plus(UNHEALTHY));
    f.cycle();
    assertThat(f.cloud.repairs()).as("held by the cool-down").isEmpty();

    // Before worker-2's healthy-duration (11 minutes): the cool-down's end at 8 minutes.
    Instant coolDownEnds = calm.plus(Duration.ofMinutes(7));
    assertThat(f.engine.nextDue()).contains(coolDownEnds);
    f.clock.set(coolDownEnds);
    f.cycle();
    assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
  }

  @Test
  void isEmptyForAFollower() {
    EngineFixture f = new EngineFixture().workers(4);
    f.leadership = () -> false;
    f.cluster.killKubelet("worker-1");
    f.cycle();

    assertThat(f.engine.nextDue()).isEmpty();
  }
}
