package io.healer.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.cloud.RepairAction;
import io.healer.fakes.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The world while the cloud repairs a machine")
class WorldTest {

  private final Scenario scenario = Scenario.of(1);
  private final ManualClock clock = new ManualClock(scenario.start);
  private final World world = new World(scenario, clock);
  private final ApiView view = new ApiView(world);
  private final Instant t0 = scenario.start;

  @Test
  void aRepairTakesTheMachineDownAtOnceAndTheNodeLooksItAfterTheControllersGrace() {
    Episode e = world.killApiServer("master-1", t0).orElseThrow();
    Instant asked = at(Duration.ofMinutes(3));
    Instant back = asked.plus(Duration.ofMinutes(12));

    world.carriedOut(world.cluster.node("master-1"), RepairAction.REBOOT, asked, back);

    at(Duration.ofMinutes(3).plusSeconds(39));
    assertThat(ready("master-1").status()).isEqualTo("True");
    assertThat(world.apiServerAnswers("master-1")).isFalse();
    assertThat(world.etcdUp("master-1")).isFalse();
    at(Duration.ofMinutes(3).plusSeconds(40));
    assertThat(ready("master-1").status()).isEqualTo("Unknown");
    assertThat(ready("master-1").lastTransitionTime()).contains(asked.plus(Scenario.NODE_MONITOR_GRACE));

    clock.set(back.minusSeconds(1));
    assertThat(ready("master-1").status()).isEqualTo("Unknown");
    assertThat(e.open()).isTrue();
    clock.set(back);
    assertThat(ready("master-1").status()).isEqualTo("True");
    assertThat(ready("master-1").lastTransitionTime()).contains(back);
    assertThat(world.apiServerAnswers("master-1")).isTrue();
    assertThat(world.etcdUp("master-1")).isTrue();
    assertThat(e.end).isEqualTo(back);
  }

  @Test
  void aFailureDoesNotRecoverByItselfWhileARepairKeepsItsMachineDown() {
    Episode e = world.breakMachine("worker-1", Disturbance.MachineFault.KUBELET_DEATH, t0).orElseThrow();
    Instant asked = at(Duration.ofMinutes(3));
    Instant back = asked.plus(Duration.ofMinutes(10));
    world.carriedOut(world.cluster.node("worker-1"), RepairAction.REBOOT, asked, back);

    world.selfRecover(e, at(Duration.ofMinutes(5)));

    assertThat(e.open()).isTrue();
    assertThat(ready("worker-1").status()).isEqualTo("Unknown");
    // Unknown since the kubelet died, not since the repair: the node never looked Ready in between.
    assertThat(ready("worker-1").lastTransitionTime()).contains(t0.plus(Scenario.NODE_MONITOR_GRACE));
    assertThat(world.breakMachine("worker-1", Disturbance.MachineFault.DISK, clock.instant())).isEmpty();
    clock.set(back);
    assertThat(ready("worker-1").status()).isEqualTo("True");
    assertThat(e.end).isEqualTo(back);
  }

  @Test
  void overlappingRepairsKeepTheMachineDownUntilTheLastReachesItWithTheStrongestAction() {
    Episode e = world.breakMachine("worker-1", Disturbance.MachineFault.DISK, t0).orElseThrow();
    String machine = world.cluster.node("worker-1").machineId().orElseThrow();
    Instant reboot = at(Duration.ofMinutes(3));
    world.carriedOut(world.cluster.node("worker-1"), RepairAction.REBOOT, reboot, reboot.plus(Duration.ofMinutes(15)));
    Instant rebuild = at(Duration.ofMinutes(9));
    world.carriedOut(world.cluster.node("worker-1"), RepairAction.REBUILD, rebuild, rebuild.plus(Duration.ofMinutes(2)));

    at(Duration.ofMinutes(12));
    assertThat(world.downForRepair("worker-1")).isTrue();
    assertThat(ready("worker-1").status()).isEqualTo("Unknown");
    assertThat(e.open()).isTrue();

    at(Duration.ofMinutes(18));
    assertThat(world.downForRepair("worker-1")).isFalse();
    assertThat(ready("worker-1").status()).isEqualTo("True");
    assertThat(world.cluster.node("worker-1").machineId()).isPresent().get().isNotEqualTo(machine);
    assertThat(e.end).isEqualTo(t0.plus(Duration.ofMinutes(18)));
  }

  @Test
  void aReplacePutsANewMachineInPlaceAndTheOldMachinesRepairsFindNothing() {
    Episode e = world.breakMachine("worker-1", Disturbance.MachineFault.HARDWARE, t0).orElseThrow();
    NodeInfo old = world.cluster.node("worker-1");
    Instant reboot = at(Duration.ofMinutes(3));
    world.carriedOut(old, RepairAction.REBOOT, reboot, reboot.plus(Duration.ofMinutes(15)));
    Instant replace = at(Duration.ofMinutes(9));
    world.carriedOut(old, RepairAction.REPLACE, replace, replace.plus(Duration.ofMinutes(2)));

    at(Duration.ofMinutes(11));
    assertThat(world.downForRepair("worker-1")).isFalse(); // the cluster applies what is due when used
    assertThat(e.end).isEqualTo(clock.instant());
    assertThat(world.cluster.node("worker-1").providerId()).isNotEqualTo(old.providerId());
    world.carriedOut(old, RepairAction.REBUILD, clock.instant(), clock.instant().plus(Duration.ofMinutes(2)));

    at(Duration.ofMinutes(20));
    assertThat(world.downForRepair("worker-1")).isFalse();
    assertThat(ready("worker-1").status()).isEqualTo("True");
    assertThat(ready("worker-1").lastTransitionTime()).contains(t0.plus(Duration.ofMinutes(11)));
  }

  @Test
  void aFlappingNodeUnderRepairIsSilentAndFlapsAgainOnceBack() {
    world.startFlapping("worker-1", Duration.ofSeconds(60));
    Instant asked = at(Duration.ofMinutes(1).plusSeconds(30));
    world.carriedOut(world.cluster.node("worker-1"), RepairAction.REBOOT, asked, asked.plus(Duration.ofMinutes(5)));

    at(Duration.ofMinutes(4));
    assertThat(ready("worker-1").status()).isEqualTo("Unknown");
    assertThat(world.episodeOf("worker-1")).isNull();

    // Back at 6m30s, in the flapping's seventh phase (NotReady from 6m to 7m), then Ready from 7m.
    at(Duration.ofMinutes(6).plusSeconds(40));
    assertThat(ready("worker-1").status()).isEqualTo("False");
    at(Duration.ofMinutes(7).plusSeconds(30));
    assertThat(ready("worker-1").status()).isEqualTo("True");
  }

  private Instant at(Duration sinceStart) {
    clock.set(t0.plus(sinceStart));
    return clock.instant();
  }

  private NodeCondition ready(String node) {
    return view.live(clock.instant()).stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow()
        .condition("Ready").orElseThrow();
  }
}
