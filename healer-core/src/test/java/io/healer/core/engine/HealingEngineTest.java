package io.healer.core.engine;

import static io.healer.api.embedding.HealerEvent.Type.RECOVERED;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_CANDIDATE;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_FAILED;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_GIVEN_UP;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_SKIPPED;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_STARTED;
import static io.healer.api.embedding.HealerEvent.Type.UNHEALTHY_DETECTED;
import static io.healer.api.cloud.RepairAction.REBOOT;
import static io.healer.api.cloud.RepairAction.REBUILD;
import static io.healer.api.cloud.RepairAction.REPLACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.cloud.ClusterHealth;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairResult;
import io.healer.core.config.CheckConfig;
import io.healer.core.config.UnhealthyLimit;
import io.healer.core.plugin.ConfiguredCheck;
import io.healer.fakes.FakeCloud;
import io.healer.fakes.Fault;
import io.healer.fakes.Nodes;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The healing engine")
class HealingEngineTest {

  private static List<RepairAction> actionsOf(FakeCloud cloud, String node) {
    return cloud.repairsOf(node).stream().map(FakeCloud.Repair::action).toList();
  }

  @Nested
  @DisplayName("decides when a node is a candidate")
  class Candidates {

    @Test
    void repairsAWorkerOnlyAfterItsCheckFailedForTheUnhealthyDuration() {
      EngineFixture f = new EngineFixture().masters(3).workers(4);
      f.cycle();
      f.cluster.killKubelet("worker-2");

      f.runFor(Duration.ofMinutes(4));
      assertThat(f.cloud.repairs()).isEmpty();
      assertThat(f.events(UNHEALTHY_DETECTED, "worker-2")).hasSize(1);

      f.runFor(Duration.ofMinutes(1));
      assertThat(actionsOf(f.cloud, "worker-2")).containsExactly(REBOOT);
      assertThat(f.events(REPAIR_CANDIDATE, "worker-2")).hasSize(1);
      assertThat(f.events(REPAIR_STARTED, "worker-2")).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("Ready is Unknown"));
    }

    @Test
    void aRestartDoesNotResetTheClockOfAFailureTheLedgerHolds() {
      EngineFixture f = new EngineFixture().workers(3);
      f.cluster.killKubelet("worker-1");
      f.runFor(Duration.ofMinutes(2));

      f.start(); // a new process over the same ledger
      f.runFor(Duration.ofMinutes(2));
      assertThat(f.cloud.requests()).isEmpty();
      f.runFor(Duration.ofMinutes(1));
      assertThat(actionsOf(f.cloud, "worker-1")).as("five minutes after the failure began").containsExactly(REBOOT);
    }

    @Test
    void aFailureThatBeganWhileNoHealerWatchedGetsItsWholeUnhealthyDurationUnderWatch() {
      // Found by the simulation (seed 16149): a partition hidden by a watch outage and a crash left
      // two sound nodes NotReady "since" long before the restarted process first saw them.
      EngineFixture f = new EngineFixture().workers(3);
      f.cluster.killKubelet("worker-1");
      f.clock.advance(Duration.ofMinutes(6));

      f.runFor(Duration.ofMinutes(4));
      assertThat(f.cloud.requests()).as("seen NotReady for four minutes only").isEmpty();
      f.runFor(Duration.ofMinutes(1));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
    }

    @Test
    void aFailureThatStartedAfterAnUnseenRecoveryCountsFromItsOwnStart() {
      // Found by the simulation: the old failure's start was reused for a new one, so a flapping
      // node was repaired at once. The Go healer, too, judges only the current transition time.
      EngineFixture f = new EngineFixture().workers(3);
      f.cluster.killKubelet("worker-1");
      f.runFor(Duration.ofMinutes(1));
      f.clock.advance(Duration.ofSeconds(20));
      f.cluster.revive("worker-1");
      f.clock.advance(Duration.ofSeconds(20));
      f.cluster.killKubelet("worker-1"); // between two cycles: the engine never sees it Ready
      f.clock.advance(Duration.ofSeconds(20));
      Instant secondFailure = f.clock.instant().minusSeconds(20);

      f.runFor(Duration.ofMinutes(4));
      assertThat(f.cloud.repairs()).as("only %s in since %s", f.clock.instant(), secondFailure).isEmpty();
      f.runFor(Duration.ofMinutes(1));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
    }

    @Test
    void doesNotJudgeNodesYoungerThanCheckDelayAfterAdd() {
      EngineFixture f = new EngineFixture().workers(2);
      f.cluster.add(Nodes.unknown(Nodes.worker("young", f.clock.instant()), f.clock.instant()).build());

      f.runFor(Duration.ofMinutes(9));
      assertThat(f.cloud.repairs()).isEmpty();
      assertThat(f.events(UNHEALTHY_DETECTED, "young")).isEmpty();

      f.runFor(Duration.ofMinutes(1));
      assertThat(actionsOf(f.cloud, "young")).containsExactly(REBOOT);
    }

    @Test
    void doesNotJudgeANodeThatReportsNoConditionsYet() {
      EngineFixture f = new EngineFixture().workers(2);
      f.cluster.add(Nodes.worker("blank").conditions(List.of()).build());

      f.runFor(Duration.ofMinutes(30));

      assertThat(f.events).noneMatch(e -> e.nodeName().equals("blank"));
      assertThat(f.cloud.repairs()).isEmpty();
    }

    @Test
    void ignoresARoleWhoseMonitorIsDisabled() {
      EngineFixture f = new EngineFixture(c -> c.workerMonitorEnabled(false)).masters(3).workers(3);
      f.cluster.killKubelet("worker-1");
      f.cluster.killKubelet("master-1");

      f.runFor(Duration.ofMinutes(10));

      assertThat(f.cloud.repairsOf("worker-1")).isEmpty();
      assertThat(actionsOf(f.cloud, "master-1")).containsExactly(REBOOT);
    }

    @Test
    void neverRepairsOnUnknownVerdicts() {
      EngineFixture f = new EngineFixture().workers(3);
      ConfiguredCheck unsure = new ConfiguredCheck("Probe", Duration.ofMinutes(1),
          (node, ctx) -> Verdict.unknown("no address"));
      f.checks = Map.of(NodeRole.WORKER, List.of(unsure));

      f.runFor(Duration.ofHours(2));

      assertThat(f.cloud.repairs()).isEmpty();
      assertThat(f.engine.runCycle().unknownVerdicts()).isEqualTo(3);
    }

    @Test
    void aCheckThatThrowsCountsAsUnknownNotUnhealthy() {
      EngineFixture f = new EngineFixture().workers(2);
      ConfiguredCheck broken = new ConfiguredCheck("Broken", Duration.ZERO, (node, ctx) -> {
        throw new IllegalStateException("boom");
      });
      f.checks = Map.of(NodeRole.WORKER, List.of(broken));

      f.runFor(Duration.ofMinutes(30));

      assertThat(f.cloud.repairs()).isEmpty();
      assertThat(f.events(UNHEALTHY_DETECTED)).isEmpty();
    }

    @Test
    void theFirstFailingCheckInConfigOrderNamesTheReason() {
      EngineFixture f = new EngineFixture().workers(3);
      ConfiguredCheck first = new ConfiguredCheck("First", Duration.ofMinutes(5),
          (node, ctx) -> node.name().equals("worker-1") ? Verdict.unhealthy("first says no") : Verdict.healthy());
      ConfiguredCheck second = new ConfiguredCheck("Second", Duration.ofMinutes(5),
          (node, ctx) -> node.name().equals("worker-1") ? Verdict.unhealthy("second says no") : Verdict.healthy());
      f.checks = Map.of(NodeRole.WORKER, List.of(first, second));

      f.runFor(Duration.ofMinutes(5));

      assertThat(f.cloud.repairsOf("worker-1")).singleElement()
          .satisfies(r -> assertThat(r.reason()).isEqualTo("First: first says no"));
    }

    @Test
    void eachCheckUsesItsOwnUnhealthyDuration() {
      EngineFixture f = new EngineFixture().workers(3);
      AtomicBoolean failing = new AtomicBoolean(false);
      ConfiguredCheck slow = new ConfiguredCheck("Slow", Duration.ofMinutes(20),
          (node, ctx) -> failing.get() && node.name().equals("worker-1") ? Verdict.unhealthy("slow") : Verdict.healthy());
      f.checks = Map.of(NodeRole.WORKER, List.of(slow));
      f.cycle();
      failing.set(true);

      f.runFor(Duration.ofMinutes(19));
      assertThat(f.cloud.repairs()).isEmpty();
      f.runFor(Duration.ofMinutes(1));
      assertThat(f.cloud.repairs()).hasSize(1);
    }
  }

  @Nested
  @DisplayName("never repairs while healing is switched off")
  class Switches {

    @Test
    void dryRunDecidesAndReportsButNeverCallsTheCloudOrWritesState() {
      EngineFixture f = new EngineFixture(c -> c.dryRun(true)).workers(3);
      f.cluster.fault("worker-1", Fault.hardware());

      f.runFor(Duration.ofMinutes(20));

      assertThat(f.cloud.requests()).isEmpty();
      assertThat(f.cloud.statusCalls()).isZero();
      assertThat(f.cloud.healthReports()).isEmpty();
      assertThat(f.ledger.writes()).isZero();
      assertThat(f.events(REPAIR_SKIPPED, "worker-1")).extracting(HealerEvent::message)
          .containsExactly("dry-run: would reboot the node (attempt 1)",
              "dry-run: would rebuild the node (attempt 2)");
    }

    @Test
    void healingDisabledInConfigRepairsNothing() {
      EngineFixture f = new EngineFixture(c -> c.healingEnabled(false)).workers(3);
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(30));

      assertThat(f.cloud.requests()).isEmpty();
      assertThat(f.events(REPAIR_SKIPPED, "worker-1")).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("healing-enabled: false"));
    }

    @Test
    void thePauseSwitchHoldsRepairsUntilItIsReleased() {
      EngineFixture f = new EngineFixture().workers(3);
      AtomicBoolean paused = new AtomicBoolean(true);
      f.paused = paused::get;
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(30));
      assertThat(f.cloud.requests()).isEmpty();
      assertThat(f.events(REPAIR_SKIPPED, "worker-1")).extracting(HealerEvent::message)
          .containsExactly("healing is paused");

      paused.set(false);
      f.runFor(Duration.ZERO);
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
    }

    @Test
    void theCloudMaySayNoAndIsAskedAtMostOncePerCycleAndOnlyForCandidates() {
      EngineFixture f = new EngineFixture().workers(4);
      f.cloud.clusterStatus(ClusterStatus.busy("UPDATE_IN_PROGRESS"));
      f.runFor(Duration.ofMinutes(10));
      assertThat(f.cloud.statusCalls()).isZero();

      f.cluster.killKubelet("worker-1");
      f.cluster.killKubelet("worker-2");
      f.runFor(Duration.ofMinutes(10));

      assertThat(f.cloud.requests()).isEmpty();
      assertThat(f.cloud.statusCalls()).isEqualTo(6);
      assertThat(f.events(REPAIR_SKIPPED, "worker-1")).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("UPDATE_IN_PROGRESS"));
    }

    @Test
    void aProviderThatFailsToTellItsStatusMeansNoRepair() {
      EngineFixture f = new EngineFixture().workers(3);
      f.cloud.clusterStatus(ClusterStatus.unknown("Magnum answered 503"));
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(10));

      assertThat(f.cloud.requests()).isEmpty();
    }

    @Test
    void aNodeThatOptedOutIsNeverRepaired() {
      EngineFixture f = new EngineFixture().workers(3);
      f.cluster.add(Nodes.worker("pet").annotation(SafetyGate.EXCLUDE_KEY, "true").build());
      f.cluster.killKubelet("pet");

      f.runFor(Duration.ofMinutes(30));

      assertThat(f.cloud.requests()).isEmpty();
      assertThat(f.events(REPAIR_SKIPPED, "pet")).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("opted out"));
    }
  }

  @Nested
  @DisplayName("repairs only as the leader")
  class Leadership {

    @Test
    void aFollowerRepairsNothingReportsNothingAndWritesNothing() {
      EngineFixture f = new EngineFixture().workers(3);
      f.leadership = () -> false;
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(30));

      assertThat(f.cloud.requests()).isEmpty();
      assertThat(f.events).isEmpty();
      assertThat(f.ledger.writes()).isZero();
    }

    @Test
    void aNewLeaderContinuesTheEscalationItsPredecessorRecorded() {
      EngineFixture f = new EngineFixture().workers(3);
      f.cluster.fault("worker-1", Fault.diskCorruption());
      f.runFor(Duration.ofMinutes(5));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);

      // The old leader dies; a follower that watched all along takes over.
      AtomicBoolean leader = new AtomicBoolean(false);
      EngineFixture follower = new EngineFixture();
      follower.leadership = leader::get;
      HealingEngine second = HealingEngine.builder(f.config).checks(f.checks).nodeSource(f.cluster)
          .cloudProvider(f.cloud).clock(f.clock).ledger(f.ledger).executor(Runnable::run)
          .leadership(leader::get).build();
      second.runCycle();
      leader.set(true);
      for (int i = 0; i < 5; i++) {
        f.clock.advance(EngineFixture.INTERVAL);
        second.runCycle();
      }

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT, REBUILD);
    }

    @Test
    void aFollowerThatWatchedAFailureRepairsItInItsFirstCycleAsTheLeader() {
      // The leader dies as a worker fails (the side-by-side run's two replicas): the follower has
      // watched the node fail for longer than unhealthy-duration and must not wait it out again.
      EngineFixture f = new EngineFixture().workers(3);
      f.leadership = () -> false;
      f.runFor(Duration.ofMinutes(1));
      f.cluster.killKubelet("worker-1");
      f.runFor(Duration.ofMinutes(6));
      assertThat(f.cloud.requests()).as("repairs as a follower").isEmpty();

      f.leadership = () -> true;
      f.cycle();

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
    }

    @Test
    void aFollowerCountsAFailureThatBeganBeforeItWatchedFromItsFirstLookNotFromTakingTheLead() {
      EngineFixture f = new EngineFixture().workers(3);
      f.cluster.killKubelet("worker-1");
      f.clock.advance(Duration.ofMinutes(6));
      f.leadership = () -> false;
      f.runFor(Duration.ofMinutes(1));

      f.leadership = () -> true;
      f.runFor(Duration.ofMinutes(3));
      assertThat(f.cloud.requests()).as("watched for four minutes, one of them as a follower").isEmpty();
      f.runFor(Duration.ofMinutes(1));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
    }
  }

  @Nested
  @DisplayName("guards against storms")
  class Storms {

    @Test
    void refusesToRepairWhenMoreWorkersAreUnhealthyThanAllowed() {
      EngineFixture f = new EngineFixture().masters(3).workers(4);
      f.cluster.killKubelet("worker-1");
      f.cluster.killKubelet("worker-2");
      f.cluster.killKubelet("worker-3");

      f.runFor(Duration.ofMinutes(30));

      assertThat(f.cloud.requests()).isEmpty();
      assertThat(f.events(REPAIR_SKIPPED, "worker-1")).singleElement().satisfies(e -> assertThat(e.message())
          .isEqualTo("storm guard: 3 of 4 workers are unhealthy, more than the 2 allowed (max-unhealthy-workers: 40%)"));
    }

    @Test
    void repairsUpToTheLimitRoundedUp() {
      EngineFixture f = new EngineFixture(c -> c.maxRepairsInFlightPerGroup(2)).workers(4);
      f.cluster.killKubelet("worker-1");
      f.cluster.killKubelet("worker-2");

      f.runFor(Duration.ofMinutes(5));

      assertThat(f.cloud.requests()).hasSize(1);
      assertThat(f.cloud.requests().get(0).targets()).hasSize(2);
    }

    @Test
    void aPercentageNeverAllowsFewerThanOneNode() {
      EngineFixture f = new EngineFixture().workers(1);
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(5));

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
    }

    @Test
    void aCountLimitIsTakenAsIs() {
      EngineFixture f = new EngineFixture(c -> c.maxUnhealthyWorkers(UnhealthyLimit.count(0))).workers(10);
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(10));

      assertThat(f.cloud.requests()).isEmpty();
    }

    @Test
    void waitsForTheCoolDownAfterAStormBeforeRepairingAgain() {
      EngineFixture f = new EngineFixture(c -> c.stormCooldown(Duration.ofMinutes(10))).workers(4);
      for (int i = 1; i <= 4; i++) {
        f.cluster.killKubelet("worker-" + i);
      }
      f.runFor(Duration.ofMinutes(10));
      // The partition heals for three of them; one really is dead.
      f.cluster.revive("worker-1");
      f.cluster.revive("worker-2");
      f.cluster.revive("worker-3");

      f.runFor(Duration.ofMinutes(9));
      assertThat(f.cloud.requests()).isEmpty();
      assertThat(f.events(REPAIR_SKIPPED, "worker-4")).last()
          .satisfies(e -> assertThat(e.message()).contains("cooling down"));

      f.runFor(Duration.ofMinutes(1));
      assertThat(actionsOf(f.cloud, "worker-4")).containsExactly(REBOOT);
    }

    @Test
    void repairsNothingWhileTheNodeSourceIsDownAndRestartsTimersAfterwards() {
      EngineFixture f = new EngineFixture().workers(3);
      f.cycle();
      f.cluster.killKubelet("worker-1");
      f.runFor(Duration.ofMinutes(2));
      f.cluster.apiUnavailable(true);
      f.runFor(Duration.ofMinutes(10));
      assertThat(f.engine.runCycle().skippedBecause()).contains("node source is unavailable");
      f.cluster.apiUnavailable(false);

      f.runFor(Duration.ofMinutes(4));
      assertThat(f.cloud.requests()).isEmpty();
      f.runFor(Duration.ofMinutes(1));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
    }
  }

  @Nested
  @DisplayName("limits repairs in flight")
  class Concurrency {

    @Test
    void capsRepairsInFlightClusterWide() {
      EngineFixture f = new EngineFixture(c -> c.maxRepairsInFlight(1).maxRepairsInFlightPerGroup(5)).workers(5);
      f.cluster.fault("worker-1", Fault.hardware());
      f.cluster.killKubelet("worker-2");

      f.runFor(Duration.ofMinutes(5));

      assertThat(f.cloud.repairs()).hasSize(1);
      assertThat(f.events(REPAIR_SKIPPED)).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("max-repairs-in-flight: 1"));
    }

    @Test
    void capsRepairsInFlightPerNodeGroupAndMovesOnWhenOneIsDone() {
      EngineFixture f = new EngineFixture().workers(5);
      f.cluster.killKubelet("worker-1");
      f.cluster.killKubelet("worker-2");

      f.runFor(Duration.ofMinutes(5));
      assertThat(f.cloud.repairs()).extracting(FakeCloud.Repair::nodeName).containsExactly("worker-1");
      assertThat(f.events(REPAIR_SKIPPED, "worker-2")).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("node group default-worker"));

      // worker-1's reboot takes two minutes; then worker-2 gets its turn.
      f.runFor(Duration.ofMinutes(3));
      assertThat(f.cloud.repairs()).extracting(FakeCloud.Repair::nodeName).containsExactly("worker-1", "worker-2");
    }

    @Test
    void repairsOneMasterAtATime() {
      EngineFixture f = new EngineFixture().masters(5);
      f.cluster.fault("master-1", Fault.hardware());
      f.cluster.fault("master-2", Fault.hardware());
      f.config = f.config.toBuilder().maxUnhealthyMasters(UnhealthyLimit.count(2)).maxRepairsInFlightPerGroup(5).build();

      f.runFor(Duration.ofMinutes(5));

      assertThat(f.cloud.repairs()).extracting(FakeCloud.Repair::nodeName).containsExactly("master-1");
      assertThat(f.events(REPAIR_SKIPPED, "master-2")).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("one at a time"));
    }

    @Test
    void neverRepairsAMasterWhenTheRestWouldLoseEtcdQuorum() {
      EngineFixture f = new EngineFixture(c -> c.maxUnhealthyMasters(UnhealthyLimit.count(3))).masters(3);
      f.cluster.killKubelet("master-1");
      f.cluster.killKubelet("master-2");

      f.runFor(Duration.ofMinutes(30));

      assertThat(f.cloud.requests()).isEmpty();
      assertThat(f.events(REPAIR_SKIPPED, "master-1")).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("quorum"));
    }

    @Test
    void aMasterWhoseRebuildWasAcceptedKeepsItsSlotEvenWhileItLooksHealthy() {
      // Found by the simulation (seed 932): a slow reboot landed after the rebuild was accepted, the
      // master looked healthy, and a second master was repaired while the rebuild was still to come.
      EngineFixture f = new EngineFixture(c -> c.maxUnhealthyMasters(UnhealthyLimit.count(3))
          .maxRepairsInFlightPerGroup(5)).masters(5);
      Instant now = f.clock.instant();
      f.ledger.save("master-1", NodeRecord.start(f.cluster.node("master-1").uid().orElseThrow())
          .withUnhealthySince(Map.of("NodeCondition", now.minus(Duration.ofMinutes(15))))
          .withStep(new RepairStep(REBUILD, RepairStep.State.STARTED, now, now.plus(Duration.ofMinutes(30)), 2)));
      f.cluster.killKubelet("master-2");

      f.runFor(Duration.ofMinutes(9));
      assertThat(f.cloud.repairs()).isEmpty();
      assertThat(f.events(REPAIR_SKIPPED, "master-2")).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("one at a time"));

      // Healthy for healthy-duration (10m): master-1's record is forgotten and the slot freed.
      f.runFor(Duration.ofMinutes(1));
      assertThat(actionsOf(f.cloud, "master-2")).containsExactly(REBOOT);
    }

    @Test
    void aMasterHealthyBeforeItsRebootLandedKeepsItsSlotUntilTheWaitIsOver() {
      // Found by the simulation (seed 2346): the API server came back by itself, the master looked
      // healthy, and a second master was rebooted while the first one's reboot was still to land.
      EngineFixture f = new EngineFixture(c -> c.maxUnhealthyMasters(UnhealthyLimit.count(3))
          .maxRepairsInFlightPerGroup(5)).masters(5);
      f.cloud.repairTime(Duration.ofMinutes(10)); // the reboot lands late
      f.cluster.killKubelet("master-1");
      f.runFor(Duration.ofMinutes(3));
      f.cluster.killKubelet("master-2");
      f.runFor(Duration.ofMinutes(2)); // master-1's reboot asked at 5, wait until 10
      assertThat(actionsOf(f.cloud, "master-1")).containsExactly(REBOOT);
      f.cluster.revive("master-1"); // back by itself before the reboot lands

      f.runFor(Duration.ofMinutes(4)); // master-2 due at 8; master-1 looks healthy
      assertThat(actionsOf(f.cloud, "master-2")).isEmpty();
      f.runFor(Duration.ofMinutes(1)); // at 10: master-1's wait is over
      assertThat(actionsOf(f.cloud, "master-2")).containsExactly(REBOOT);
    }

    @Test
    void repairsTheOnlyMasterOfASingleMasterCluster() {
      EngineFixture f = new EngineFixture().masters(1).workers(2);
      f.cluster.killKubelet("master-1");

      f.runFor(Duration.ofMinutes(5));

      assertThat(actionsOf(f.cloud, "master-1")).containsExactly(REBOOT);
    }
  }

  @Nested
  @DisplayName("escalates repairs")
  class Escalation {

    @Test
    void rebootsFirstThenRebuildsThenReplacesWhileTheNodeStaysUnhealthy() {
      EngineFixture f = new EngineFixture().workers(3);
      f.cluster.fault("worker-1", Fault.hardware());

      f.runFor(Duration.ofMinutes(5));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      f.runFor(Duration.ofMinutes(4));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      f.runFor(Duration.ofMinutes(1));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT, REBUILD);
      f.runFor(Duration.ofMinutes(30));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT, REBUILD, REPLACE);
      assertThat(f.cloud.repairsOf("worker-1")).extracting(FakeCloud.Repair::attempt).containsExactly(1, 2, 3);

      f.runFor(Duration.ofMinutes(3));
      assertThat(f.events(RECOVERED, "worker-1")).isEmpty(); // a new machine under the old name
      assertThat(f.cluster.node("worker-1").condition("Ready").orElseThrow().status()).isEqualTo("True");
    }

    @Test
    void aRebootThatHelpsEndsTheRepair() {
      EngineFixture f = new EngineFixture().workers(3);
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(30));

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      assertThat(f.events(RECOVERED, "worker-1")).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("after reboot"));
    }

    @Test
    void skipsActionsTheProviderDoesNotSupport() {
      EngineFixture f = new EngineFixture().workers(3);
      f.cloud.supportedActions(NodeRole.WORKER, EnumSet.of(REBOOT, REPLACE));
      f.cluster.fault("worker-1", Fault.hardware());

      f.runFor(Duration.ofMinutes(10));

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT, REPLACE);
    }

    @Test
    void aNodeThatFailsAgainSoonAfterRecoveringEscalatesInsteadOfRebootingAgain() {
      EngineFixture f = new EngineFixture(c -> c.healthyDuration(Duration.ofMinutes(30))).workers(3);
      f.cluster.killKubelet("worker-1");
      f.runFor(Duration.ofMinutes(8)); // rebooted at 5, healthy at 7
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(10));

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT, REBUILD);
    }

    @Test
    void forgetsTheHistoryOfANodeHealthyForTheHealthyDuration() {
      EngineFixture f = new EngineFixture(c -> c.healthyDuration(Duration.ofMinutes(10))).workers(3);
      f.cluster.killKubelet("worker-1");
      f.runFor(Duration.ofMinutes(20));
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(5));

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT, REBOOT);
      assertThat(f.cloud.repairsOf("worker-1")).extracting(FakeCloud.Repair::attempt).containsExactly(1, 1);
    }
  }

  @Nested
  @DisplayName("retries failed repairs within a budget")
  class Retries {

    @Test
    void backsOffAfterAFailureAndGivesUpWhenTheBudgetIsUsed() {
      EngineFixture f = new EngineFixture(c -> c.repairRetries(2).repairBackoff(Duration.ofMinutes(4))).workers(3);
      f.cloud.failRepairsOf("worker-1", "Nova answered 500");
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(5)); // first try at 5
      f.runFor(Duration.ofMinutes(3));
      assertThat(f.cloud.repairsOf("worker-1")).hasSize(1);
      f.runFor(Duration.ofMinutes(1)); // 4 minutes later
      assertThat(f.cloud.repairsOf("worker-1")).hasSize(2);
      f.runFor(Duration.ofMinutes(8)); // then 8 minutes later
      assertThat(f.cloud.repairsOf("worker-1")).hasSize(3);
      f.runFor(Duration.ofHours(5));

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT, REBOOT, REBOOT);
      assertThat(f.events(REPAIR_FAILED, "worker-1")).hasSize(3);
      assertThat(f.events(REPAIR_GIVEN_UP, "worker-1")).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("needs a person"));
    }

    @Test
    void aBusyCloudCostsNoRetry() {
      EngineFixture f = new EngineFixture(c -> c.repairRetries(0)).workers(3);
      f.cloud.answer("worker-1", RepairResult.Status.RETRY_LATER, "409 Conflict");
      f.cluster.killKubelet("worker-1");
      f.runFor(Duration.ofMinutes(7));
      assertThat(f.cloud.repairsOf("worker-1")).hasSize(3);

      f.cloud.answer("worker-1", RepairResult.Status.STARTED);
      f.runFor(Duration.ofMinutes(1));

      assertThat(f.events(REPAIR_GIVEN_UP)).isEmpty();
      assertThat(f.cloud.repairsOf("worker-1")).extracting(FakeCloud.Repair::result)
          .extracting(RepairResult::status).last().isEqualTo(RepairResult.Status.STARTED);
    }

    @Test
    void aLastActionThatDidNotHelpIsRetriedRightAfterAPauseThatOutlastedItsBackoff() {
      EngineFixture f = new EngineFixture(c -> c.repairBackoff(Duration.ofMinutes(5))).workers(3);
      f.cloud.supportedActions(NodeRole.WORKER, EnumSet.of(REBOOT));
      f.cluster.fault("worker-1", Fault.hardware());
      f.runFor(Duration.ofMinutes(5)); // rebooted at 5; its wait is over at 10
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);

      AtomicBoolean paused = new AtomicBoolean(true);
      f.paused = paused::get;
      f.runFor(Duration.ofMinutes(20)); // the reboot's wait and its backoff both end while paused
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      paused.set(false);

      f.cycle();
      assertThat(actionsOf(f.cloud, "worker-1")).as("retried at once, not one backoff after the pause")
          .containsExactly(REBOOT, REBOOT);
      assertThat(f.cloud.repairsOf("worker-1").get(1).attempt()).isEqualTo(2);
    }

    @Test
    void aLastActionThatDoesNotHelpCountsAsAFailure() {
      EngineFixture f = new EngineFixture(c -> c.repairRetries(0)).workers(3);
      f.cloud.supportedActions(NodeRole.WORKER, EnumSet.of(REBOOT));
      f.cluster.fault("worker-1", Fault.hardware());

      f.runFor(Duration.ofMinutes(60));

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      assertThat(f.events(REPAIR_GIVEN_UP, "worker-1")).hasSize(1);
    }
  }

  @Nested
  @DisplayName("survives restarts")
  class Restarts {

    @Test
    void aRestartedEngineDoesNotRepeatARepairThatStarted() {
      EngineFixture f = new EngineFixture().workers(3);
      f.cluster.fault("worker-1", Fault.hardware());
      f.runFor(Duration.ofMinutes(5));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);

      f.start(); // a new process over the same ledger
      f.runFor(Duration.ofMinutes(4));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      f.runFor(Duration.ofMinutes(1));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT, REBUILD);
    }

    @Test
    void aCrashBetweenRecordingAndCallingTheCloudIsNotRepeated() {
      EngineFixture f = new EngineFixture().workers(3);
      f.cluster.fault("worker-1", Fault.hardware());
      NodeInfo node = f.cluster.node("worker-1");
      Instant now = f.clock.instant();
      f.ledger.save("worker-1", NodeRecord.start(node.uid().orElseThrow())
          .withUnhealthySince(Map.of("NodeCondition", now.minus(Duration.ofMinutes(10))))
          .withStep(new RepairStep(REBOOT, RepairStep.State.REQUESTED, now, now.plus(Duration.ofMinutes(5)), 1)));

      f.runFor(Duration.ofMinutes(4));
      assertThat(f.cloud.repairs()).isEmpty();
      f.runFor(Duration.ofMinutes(1));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBUILD);
    }

    @Test
    void aProviderThatThrowsIsNotAskedAgainBeforeTheRecoveryTime() {
      EngineFixture f = new EngineFixture().workers(3);
      java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
      io.healer.api.cloud.CloudProvider throwing = request -> {
        calls.incrementAndGet();
        throw new IllegalStateException("connection reset");
      };
      f.engine = HealingEngine.builder(f.config).checks(f.checks).nodeSource(f.cluster).cloudProvider(throwing)
          .clock(f.clock).ledger(f.ledger).executor(Runnable::run).build();
      f.cluster.fault("worker-1", Fault.hardware());

      f.runFor(Duration.ofMinutes(9));

      assertThat(calls).hasValue(1);
    }

    @Test
    void doesNotCallTheCloudWhenTheStepCannotBeRecorded() {
      EngineFixture f = new EngineFixture().workers(3);
      RepairLedger failing = new RepairLedger() {
        @Override
        public Map<String, NodeRecord> load() {
          return Map.of();
        }

        @Override
        public void save(String nodeName, NodeRecord record) {
          throw new IllegalStateException("409 from the API server");
        }

        @Override
        public void remove(String nodeName) {}
      };
      f.engine = HealingEngine.builder(f.config).checks(f.checks).nodeSource(f.cluster).cloudProvider(f.cloud)
          .clock(f.clock).ledger(failing).executor(Runnable::run).build();
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(10));

      assertThat(f.cloud.requests()).isEmpty();
    }

    @Test
    void forgetsARecordWhenTheNodeIsReplacedByANewMachine() {
      EngineFixture f = new EngineFixture().workers(3);
      f.cluster.fault("worker-1", Fault.hardware());
      f.runFor(Duration.ofMinutes(5));
      assertThat(f.ledger.load()).containsKey("worker-1");

      f.cluster.replaceMachine("worker-1");
      f.cycle();

      assertThat(f.ledger.load()).doesNotContainKey("worker-1");
    }
  }

  @Nested
  @DisplayName("reports")
  class Reporting {

    @Test
    void writesTheLedgerOnlyWhenSomethingChanged() {
      EngineFixture f = new EngineFixture().masters(3).workers(20);
      f.runFor(Duration.ofMinutes(30));

      assertThat(f.ledger.writes()).isZero();
    }

    @Test
    void reportsClusterHealthWithEveryUnhealthyNodeOnlyWhenItChanges() {
      EngineFixture f = new EngineFixture().masters(3).workers(4);
      f.cloud.clusterStatus(ClusterStatus.busy("UPDATE_IN_PROGRESS"));
      f.runFor(Duration.ofMinutes(3));
      f.cluster.killKubelet("master-2");
      f.cluster.killKubelet("worker-3");
      f.runFor(Duration.ofMinutes(3));

      assertThat(f.cloud.healthReports()).hasSize(2);
      ClusterHealth last = f.cloud.healthReports().get(1);
      assertThat(last.healthy()).isFalse();
      assertThat(last.unhealthyNodes()).extracting(ClusterHealth.UnhealthyNode::name, ClusterHealth.UnhealthyNode::role)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("master-2", NodeRole.MASTER),
              org.assertj.core.groups.Tuple.tuple("worker-3", NodeRole.WORKER));
    }

    @Test
    void reportsEachHeldRepairOnceWhileTheReasonStaysTheSame() {
      EngineFixture f = new EngineFixture(c -> c.healingEnabled(false)).workers(3);
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofHours(1));

      assertThat(f.events(REPAIR_SKIPPED)).hasSize(1);
      assertThat(f.events(UNHEALTHY_DETECTED)).hasSize(1);
      assertThat(f.events(REPAIR_CANDIDATE)).hasSize(1);
    }
  }

  @Nested
  @DisplayName("lets the cluster side prepare repairs")
  class Hooks {

    @Test
    void holdsARepairUntilItsPreparationIsReadyAndReportsTheStartAndTheRecovery() {
      EngineFixture f = new EngineFixture().workers(3);
      AtomicBoolean drained = new AtomicBoolean(false);
      List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
      RepairHooks hooks = new RepairHooks() {
        @Override
        public Readiness prepare(NodeInfo node, RepairAction action, Instant now) {
          calls.add("prepare " + node.name() + " " + action);
          return drained.get() ? Readiness.ready() : Readiness.notYet("evicting 3 pods");
        }

        @Override
        public void started(NodeInfo node, RepairAction action, Instant now) {
          calls.add("started " + node.name() + " " + action);
        }

        @Override
        public void recovered(NodeInfo node, Instant now) {
          calls.add("recovered " + node.name());
        }
      };
      f.engine = HealingEngine.builder(f.config).checks(f.checks).nodeSource(f.cluster).cloudProvider(f.cloud)
          .clock(f.clock).ledger(f.ledger).executor(Runnable::run).hooks(hooks)
          .listener(new io.healer.api.embedding.HealerListener() {
            @Override
            public void onEvent(HealerEvent event) {
              f.events.add(event);
            }
          }).build();
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(7));
      assertThat(f.cloud.repairs()).isEmpty();
      assertThat(f.events(REPAIR_SKIPPED, "worker-1")).singleElement()
          .satisfies(e -> assertThat(e.message()).isEqualTo("preparing the reboot: evicting 3 pods"));

      drained.set(true);
      f.runFor(Duration.ofMinutes(5));

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      assertThat(calls).containsSubsequence("prepare worker-1 REBOOT", "started worker-1 REBOOT", "recovered worker-1");
    }
  }

  @Test
  void usesTheDefaultUnhealthyDurationOfTheGoHealer() {
    assertThat(CheckConfig.DEFAULT_UNHEALTHY_DURATION).isEqualTo(Duration.ofSeconds(300));
  }
}
