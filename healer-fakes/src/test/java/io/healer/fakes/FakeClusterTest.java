package io.healer.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.embedding.NodeSourceUnavailableException;
import io.healer.api.cloud.RepairAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeClusterTest {

  private final ManualClock clock = new ManualClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private Instant t0;

  @BeforeEach
  void threeMastersAndFourWorkers() {
    for (int i = 0; i < 3; i++) {
      cluster.addMaster("master-" + i);
    }
    for (int i = 0; i < 4; i++) {
      cluster.addWorker("worker-" + i);
    }
    t0 = clock.instant();
  }

  private NodeCondition ready(String name) {
    return cluster.node(name).condition("Ready").orElseThrow();
  }

  private Instant readySince(String name) {
    return ready(name).lastTransitionTime().orElseThrow();
  }

  @Nested
  class Membership {

    @Test
    void listsNodesInNameOrderWithTheirRoles() {
      assertThat(cluster.nodes())
          .extracting(NodeInfo::name)
          .containsExactly("master-0", "master-1", "master-2",
              "worker-0", "worker-1", "worker-2", "worker-3");
      assertThat(cluster.nodes()).filteredOn(n -> n.role() == NodeRole.MASTER).hasSize(3);
    }

    @Test
    void establishedNodesAreADayOldAndHealthy() {
      NodeInfo node = cluster.node("worker-0");

      assertThat(node.creationTime()).isEqualTo(t0.minus(FakeCluster.ESTABLISHED_AGE));
      assertThat(ready("worker-0").status()).isEqualTo("True");
    }

    @Test
    void aLiveNodesHeartbeatIsTheTimeOfReading() {
      clock.advance(Duration.ofMinutes(7));

      assertThat(cluster.node("worker-0").heartbeatTime()).hasValue(clock.instant());
    }

    @Test
    void removesNodes() {
      cluster.remove("worker-3");

      assertThat(cluster.contains("worker-3")).isFalse();
      assertThat(cluster.nodes()).hasSize(6);
    }

    @Test
    void refusesDuplicatesAndNamesTheKnownNodesForAnUnknownOne() {
      assertThatThrownBy(() -> cluster.addWorker("worker-0"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already has a node worker-0");
      assertThatThrownBy(() -> cluster.killKubelet("worker-9"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no node worker-9")
          .hasMessageContaining("worker-3");
    }

    @Test
    void aNodeAddedDeadCountsAsAKubeletDeathSinceItsHeartbeat() {
      Instant died = t0.minus(Duration.ofMinutes(10));
      Instant created = t0.minus(Duration.ofDays(3));
      cluster.add(Nodes.unknown(Nodes.worker("worker-4", created), died).build());
      clock.advance(Duration.ofMinutes(1));

      assertThat(cluster.node("worker-4").heartbeatTime()).hasValue(died);
      assertThat(cluster.faults("worker-4")).containsExactly(Fault.kubeletDeath());

      cluster.rebootMachine("worker-4");
      assertThat(ready("worker-4").status()).isEqualTo("True");
      assertThat(cluster.node("worker-4").heartbeatTime()).hasValue(clock.instant());
    }
  }

  @Nested
  class Kubelet {

    @Test
    void aKilledKubeletMakesReadyUnknownAndStopsTheHeartbeat() {
      clock.advance(Duration.ofMinutes(1));
      Instant killedAt = clock.instant();
      cluster.killKubelet("worker-1");
      clock.advance(Duration.ofMinutes(5));

      NodeInfo node = cluster.node("worker-1");
      assertThat(node.condition("Ready")).hasValueSatisfying(c -> {
        assertThat(c.status()).isEqualTo("Unknown");
        assertThat(c.reason()).isEqualTo("NodeStatusUnknown");
        assertThat(c.message()).isEqualTo("Kubelet stopped posting node status.");
        assertThat(c.lastTransitionTime()).hasValue(killedAt);
      });
      assertThat(node.condition("MemoryPressure")).map(NodeCondition::status).hasValue("Unknown");
      assertThat(node.heartbeatTime()).hasValue(killedAt);
      assertThat(ready("worker-2").status()).isEqualTo("True");
    }

    @Test
    void killingTwiceChangesNothing() {
      cluster.killKubelet("worker-1");
      clock.advance(Duration.ofMinutes(1));
      cluster.killKubelet("worker-1");

      assertThat(readySince("worker-1")).isEqualTo(t0);
      assertThat(cluster.faults("worker-1")).hasSize(1);
    }

    @Test
    void reviveMakesReadyTrueNowAndResumesTheHeartbeat() {
      cluster.killKubelet("worker-1");
      clock.advance(Duration.ofMinutes(3));
      cluster.revive("worker-1");
      clock.advance(Duration.ofMinutes(1));

      NodeInfo node = cluster.node("worker-1");
      assertThat(ready("worker-1").status()).isEqualTo("True");
      assertThat(readySince("worker-1")).isEqualTo(t0.plus(Duration.ofMinutes(3)));
      assertThat(node.condition("MemoryPressure")).map(NodeCondition::status).hasValue("False");
      assertThat(node.heartbeatTime()).hasValue(clock.instant());
      assertThat(cluster.faults("worker-1")).isEmpty();
    }

    @Test
    void setConditionChangesTheTransitionTimeOnlyWhenTheStatusChanges() {
      clock.advance(Duration.ofMinutes(1));
      cluster.setCondition("worker-0", "DiskPressure", "True", "KubeletHasDiskPressure");
      clock.advance(Duration.ofMinutes(1));
      cluster.setCondition("worker-0", "DiskPressure", "True", "StillFull");
      cluster.setCondition("worker-0", "Ready", "False", "KubeletNotReady");

      NodeCondition disk = cluster.node("worker-0").condition("DiskPressure").orElseThrow();
      assertThat(disk.reason()).isEqualTo("StillFull");
      assertThat(disk.lastTransitionTime()).hasValue(t0.plus(Duration.ofMinutes(1)));
      assertThat(ready("worker-0").status()).isEqualTo("False");
      assertThat(readySince("worker-0")).isEqualTo(t0.plus(Duration.ofMinutes(2)));
      assertThat(cluster.node("worker-0").heartbeatTime()).hasValue(clock.instant());
    }
  }

  @Nested
  class Flapping {

    @Test
    void alternatesNotReadyAndReadyEveryPeriodOfClockTime() {
      Duration period = Duration.ofMinutes(2);
      cluster.flap("worker-2", period);

      List<String> seen = new ArrayList<>();
      for (int minute = 0; minute < 8; minute++) {
        seen.add(ready("worker-2").status());
        clock.advance(Duration.ofMinutes(1));
      }

      assertThat(seen).containsExactly(
          "False", "False", "True", "True", "False", "False", "True", "True");
    }

    @Test
    void transitionTimesAreTheFlipsEvenWhenTheClockJumps() {
      cluster.flap("worker-2", Duration.ofMinutes(2));
      clock.advance(Duration.ofMinutes(7));

      assertThat(ready("worker-2").status()).isEqualTo("True");
      assertThat(readySince("worker-2")).isEqualTo(t0.plus(Duration.ofMinutes(6)));
      assertThat(cluster.node("worker-2").heartbeatTime()).hasValue(clock.instant());
    }

    @Test
    void stoppingInAReadyPhaseKeepsItsTransition() {
      cluster.flap("worker-2", Duration.ofMinutes(2));
      clock.advance(Duration.ofMinutes(3));
      cluster.stopFlapping("worker-2");
      clock.advance(Duration.ofMinutes(10));

      assertThat(ready("worker-2").status()).isEqualTo("True");
      assertThat(readySince("worker-2")).isEqualTo(t0.plus(Duration.ofMinutes(2)));
    }

    @Test
    void stoppingInANotReadyPhaseMakesItReadyNow() {
      cluster.flap("worker-2", Duration.ofMinutes(2));
      clock.advance(Duration.ofMinutes(1));
      cluster.stopFlapping("worker-2");

      assertThat(ready("worker-2").status()).isEqualTo("True");
      assertThat(readySince("worker-2")).isEqualTo(clock.instant());
    }

    @Test
    void aFaultOverridesFlapping() {
      cluster.flap("worker-2", Duration.ofMinutes(2));
      clock.advance(Duration.ofMinutes(3));
      cluster.killKubelet("worker-2");
      clock.advance(Duration.ofMinutes(2));

      assertThat(ready("worker-2").status()).isEqualTo("Unknown");
      assertThat(readySince("worker-2")).isEqualTo(t0.plus(Duration.ofMinutes(3)));
    }
  }

  @Nested
  class FaultsAndRepairs {

    @Test
    void kubeletDeathIsFixedByAReboot() {
      cluster.killKubelet("worker-0");
      clock.advance(Duration.ofMinutes(5));
      cluster.rebootMachine("worker-0");

      assertThat(ready("worker-0").status()).isEqualTo("True");
      assertThat(readySince("worker-0")).isEqualTo(clock.instant());
      assertThat(cluster.faults("worker-0")).isEmpty();
    }

    @Test
    void diskCorruptionSurvivesARebootAndIsFixedByARebuild() {
      String providerId = cluster.node("worker-0").providerId().orElseThrow();
      String uid = cluster.node("worker-0").uid().orElseThrow();
      String machineId = cluster.node("worker-0").machineId().orElseThrow();
      cluster.fault("worker-0", Fault.diskCorruption());
      clock.advance(Duration.ofMinutes(5));

      cluster.rebootMachine("worker-0");
      assertThat(ready("worker-0").status()).isEqualTo("Unknown");
      assertThat(readySince("worker-0")).isEqualTo(t0);
      assertThat(cluster.node("worker-0").heartbeatTime()).hasValue(t0);

      clock.advance(Duration.ofMinutes(5));
      cluster.rebuildMachine("worker-0");
      NodeInfo node = cluster.node("worker-0");
      assertThat(ready("worker-0").status()).isEqualTo("True");
      assertThat(readySince("worker-0")).isEqualTo(clock.instant());
      assertThat(node.providerId()).hasValue(providerId);
      assertThat(node.uid()).hasValue(uid);
      assertThat(node.machineId()).isPresent().isNotEqualTo(Optional.of(machineId));
    }

    @Test
    void hardwareFailureIsFixedOnlyByAReplace() {
      cluster.fault("master-1", Fault.hardware());
      cluster.rebootMachine("master-1");
      cluster.rebuildMachine("master-1");

      assertThat(cluster.faults("master-1")).containsExactly(Fault.hardware());
      assertThat(ready("master-1").status()).isEqualTo("Unknown");

      cluster.repairMachine("master-1", RepairAction.REPLACE);
      assertThat(ready("master-1").status()).isEqualTo("True");
    }

    @Test
    void aRebootOfAHealthyNodeStillTransitionsReady() {
      clock.advance(Duration.ofMinutes(1));
      cluster.rebootMachine("worker-3");

      assertThat(readySince("worker-3")).isEqualTo(clock.instant());
    }

    @Test
    void aNotReadyFaultKeepsTheKubeletPostingWithTheFaultsReason() {
      cluster.fault("worker-1", Fault.notReady("KubeletNotReady", "cni plugin not initialized",
          EnumSet.of(RepairAction.REPLACE)));
      clock.advance(Duration.ofMinutes(2));

      assertThat(ready("worker-1").status()).isEqualTo("False");
      assertThat(ready("worker-1").message()).isEqualTo("cni plugin not initialized");
      assertThat(cluster.node("worker-1").heartbeatTime()).hasValue(clock.instant());

      cluster.killKubelet("worker-1");
      cluster.rebootMachine("worker-1");
      assertThat(ready("worker-1").status()).isEqualTo("False");
      assertThat(cluster.node("worker-1").heartbeatTime()).hasValue(clock.instant());
    }

    @Test
    void aRebootClearsAReadyConditionSetByHand() {
      cluster.setCondition("worker-1", "Ready", "False", "KubeletNotReady");
      cluster.rebootMachine("worker-1");

      assertThat(ready("worker-1").status()).isEqualTo("True");
    }
  }

  @Nested
  class Replace {

    @Test
    void givesANewNodeObjectOnANewMachine() {
      NodeInfo old = cluster.node("worker-2");
      cluster.fault("worker-2", Fault.hardware());
      clock.advance(Duration.ofMinutes(10));

      NodeInfo fresh = cluster.replaceMachine("worker-2");

      assertThat(fresh.name()).isEqualTo("worker-2");
      assertThat(fresh.uid()).isPresent().isNotEqualTo(old.uid());
      assertThat(fresh.providerId()).isPresent().isNotEqualTo(old.providerId());
      assertThat(fresh.machineId()).isNotEqualTo(old.machineId());
      assertThat(fresh.creationTime()).isEqualTo(clock.instant());
      assertThat(fresh.labels()).isEqualTo(old.labels());
      assertThat(fresh.condition("Ready")).hasValueSatisfying(c -> {
        assertThat(c.status()).isEqualTo("True");
        assertThat(c.lastTransitionTime()).hasValue(clock.instant());
      });
      assertThat(cluster.faults("worker-2")).isEmpty();
      assertThat(cluster.node("worker-2")).isEqualTo(fresh);
    }

    @Test
    void dropsTheOldObjectsAnnotationsAndCordon() {
      cluster.remove("worker-3");
      cluster.add(Nodes.worker("worker-3").annotation("healer/attempt", "2").unschedulable(true)
          .build());

      NodeInfo fresh = cluster.replaceMachine("worker-3");

      assertThat(fresh.annotations()).isEmpty();
      assertThat(fresh.unschedulable()).isFalse();
    }

    @Test
    void aSecondReplaceGivesYetAnotherMachine() {
      NodeInfo first = cluster.replaceMachine("worker-0");
      NodeInfo second = cluster.replaceMachine("worker-0");

      assertThat(second.uid()).isNotEqualTo(first.uid());
      assertThat(second.providerId()).isNotEqualTo(first.providerId());
    }
  }

  @Nested
  class Api {

    @Test
    void anUnavailableApiThrowsFromNodesButNotFromTheTestsView() {
      cluster.apiUnavailable(true);

      assertThatThrownBy(cluster::nodes)
          .isInstanceOf(NodeSourceUnavailableException.class)
          .hasMessageContaining("unavailable");
      assertThat(cluster.node("worker-0").name()).isEqualTo("worker-0");

      cluster.apiUnavailable(false);
      assertThat(cluster.nodes()).hasSize(7);
    }

    @Test
    void nodesGoOnLivingWhileTheApiIsDown() {
      cluster.apiUnavailable(true);
      cluster.killKubelet("worker-0");
      clock.advance(Duration.ofMinutes(5));
      cluster.apiUnavailable(false);

      assertThat(cluster.nodes())
          .filteredOn(n -> n.name().equals("worker-0"))
          .singleElement()
          .satisfies(n -> assertThat(n.heartbeatTime()).hasValue(t0));
    }
  }

  @Nested
  class ScheduledEffects {

    @Test
    void runWhenTheClockPassesTheirTimeAndCarryThatTime() {
      Instant at = t0.plus(Duration.ofMinutes(2));
      cluster.killKubelet("worker-0");
      cluster.schedule(at, () -> cluster.rebootMachine("worker-0"));

      clock.advance(Duration.ofMinutes(1));
      assertThat(ready("worker-0").status()).isEqualTo("Unknown");

      clock.advance(Duration.ofMinutes(4));
      assertThat(ready("worker-0").status()).isEqualTo("True");
      assertThat(readySince("worker-0")).isEqualTo(at);
    }

    @Test
    void runInOrderOfTimeThenOfScheduling() {
      List<String> ran = new ArrayList<>();
      cluster.schedule(t0.plusSeconds(20), () -> ran.add("b"));
      cluster.schedule(t0.plusSeconds(10), () -> ran.add("a"));
      cluster.schedule(t0.plusSeconds(20), () -> ran.add("c"));
      cluster.schedule(t0.plusSeconds(99), () -> ran.add("later"));

      clock.advance(Duration.ofSeconds(30));
      cluster.nodes();
      cluster.nodes();

      assertThat(ran).containsExactly("a", "b", "c");
    }

    @Test
    void applyBeforeAChangeMadeLater() {
      cluster.schedule(t0.plusSeconds(60), () -> cluster.rebootMachine("worker-0"));
      clock.advance(Duration.ofMinutes(2));
      cluster.killKubelet("worker-0");

      assertThat(ready("worker-0").status()).isEqualTo("Unknown");
    }
  }

  @Nested
  class Concurrency {

    @Test
    void readersAndWritersOnManyThreadsSeeConsistentSnapshots() throws InterruptedException {
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String name = "worker-" + i;
        threads.add(new Thread(() -> {
          try {
            for (int j = 0; j < 200; j++) {
              cluster.killKubelet(name);
              clock.advance(Duration.ofSeconds(1));
              cluster.revive(name);
              assertThat(cluster.nodes()).hasSize(7);
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }

      assertThat(failures).isEmpty();
      assertThat(cluster.nodes()).allSatisfy(n ->
          assertThat(n.condition("Ready")).map(NodeCondition::status).hasValue("True"));
    }
  }
}
