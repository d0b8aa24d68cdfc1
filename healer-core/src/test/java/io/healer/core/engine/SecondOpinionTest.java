package io.healer.core.engine;

import static io.healer.api.cloud.RepairAction.REBOOT;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_CANDIDATE;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_SKIPPED;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_STARTED;
import static io.healer.core.engine.StormStatePersistenceTest.actionsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.PowerState;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.ServerState;
import io.healer.api.embedding.HealerEvent;
import io.healer.core.config.HealerConfig;
import io.healer.fakes.Fault;
import io.healer.fakes.Nodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The second opinion before a silent node is repaired (issue #16 item 3)")
class SecondOpinionTest {

  /** Past the NodeCondition check's default unhealthy-duration (5m), with cycles every minute. */
  private static final Duration PAST_DURATION = Duration.ofMinutes(7);

  /**
   * Ten workers, in-flight caps high enough not to interfere; workers 1-3 share host h-a, the others
   * each have a host of their own; every host is UP unless a test says otherwise.
   */
  private static EngineFixture tenWorkers(UnaryOperator<HealerConfig.Builder> more) {
    EngineFixture f = new EngineFixture(c -> more.apply(c.maxRepairsInFlight(10).maxRepairsInFlightPerGroup(10)))
        .workers(10);
    for (int i = 1; i <= 10; i++) {
      String host = i <= 3 ? "h-a" : "h-" + i;
      f.cloud.placeServer("worker-" + i, host).hostStatus(host, "UP");
    }
    return f;
  }

  private static String last(EngineFixture f, HealerEvent.Type type, String node) {
    List<HealerEvent> events = f.events(type, node);
    assertThat(events).as("%s events of %s", type, node).isNotEmpty();
    return events.get(events.size() - 1).message();
  }

  @Nested
  @DisplayName("A likely partition")
  class Partition {

    @Test
    void threeSilentServersTheCloudReportsActiveOnOneUpHostAreHeldNotRebooted() {
      EngineFixture f = tenWorkers(c -> c);
      for (int i = 1; i <= 3; i++) {
        f.cluster.killKubelet("worker-" + i);
      }

      f.runFor(PAST_DURATION);

      for (int i = 1; i <= 3; i++) {
        assertThat(actionsOf(f.cloud, "worker-" + i)).isEmpty();
      }
      assertThat(last(f, REPAIR_SKIPPED, "worker-1"))
          .startsWith("likely network partition: the cloud reports the server of worker-1 ACTIVE on host h-a"
              + " (host UP) while 3 nodes on host h-a are silent at once (Ready is Unknown")
          .contains("partition-min-silent: 3", "not repaired while this lasts (second-opinion)");
    }

    @Test
    void silentPeersInOneZoneOnDifferentHostsAreHeldToo() {
      EngineFixture f = new EngineFixture(c -> c.maxRepairsInFlight(10).maxRepairsInFlightPerGroup(10)
          .maxUnhealthyPerZone(io.healer.core.config.UnhealthyLimit.percent(100)));
      for (int i = 1; i <= 10; i++) {
        f.cluster.add(Nodes.worker("worker-" + i, f.clock.instant().minus(Duration.ofDays(1)))
            .label(ZoneGuard.ZONE_LABEL, i <= 5 ? "az1" : "az2").build());
        f.cloud.placeServer("worker-" + i, "h-" + i).hostStatus("h-" + i, "UP");
      }
      for (int i = 1; i <= 3; i++) {
        f.cluster.killKubelet("worker-" + i);
      }

      f.runFor(PAST_DURATION);

      assertThat(actionsOf(f.cloud, "worker-2")).isEmpty();
      assertThat(last(f, REPAIR_SKIPPED, "worker-2")).contains("while 3 nodes in zone az1 are silent at once");
    }

    @Test
    void aLoneSilentServerOnAnUpHostIsRebootedAndTheEventSaysWhy() {
      EngineFixture f = tenWorkers(c -> c);
      f.cluster.killKubelet("worker-1");

      f.runFor(PAST_DURATION);

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      assertThat(last(f, REPAIR_STARTED, "worker-1")).contains("second opinion: the cloud reports the server of"
          + " worker-1 ACTIVE on host h-a (host UP) and fewer than 3 nodes on its host or in its zone are silent:"
          + " the node itself is likely at fault");
    }

    @Test
    void aHostTheCloudReportsDownIsAHostOutageAndItsServersAreRepaired() {
      EngineFixture f = tenWorkers(c -> c);
      f.cloud.hostStatus("h-a", "DOWN");
      for (int i = 1; i <= 3; i++) {
        f.cluster.killKubelet("worker-" + i);
      }

      f.runFor(PAST_DURATION);

      for (int i = 1; i <= 3; i++) {
        assertThat(actionsOf(f.cloud, "worker-" + i)).containsExactly(REBOOT);
      }
      assertThat(last(f, REPAIR_STARTED, "worker-1")).contains("(host DOWN): the host is in trouble, not the network");
    }

    @Test
    void withoutTheHostsStateAPartitionCannotBeToldFromAHostOutageSoTheRepairGoesOn() {
      EngineFixture f = tenWorkers(c -> c);
      f.cloud.hostStatus("h-a", null);
      for (int i = 1; i <= 3; i++) {
        f.cluster.killKubelet("worker-" + i);
      }

      f.runFor(PAST_DURATION);

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      assertThat(last(f, REPAIR_STARTED, "worker-1")).contains("ACTIVE on host h-a (host state not shown), so a"
          + " partition cannot be told from a host outage: repaired as without it");
    }

    @Test
    void aPartitionThatEndsLeavesNothingToRepair() {
      EngineFixture f = tenWorkers(c -> c);
      for (int i = 1; i <= 3; i++) {
        f.cluster.killKubelet("worker-" + i);
      }
      f.runFor(PAST_DURATION);
      for (int i = 1; i <= 3; i++) {
        f.cluster.revive("worker-" + i);
      }

      f.runFor(Duration.ofMinutes(10));

      assertThat(f.cloud.repairs()).isEmpty();
    }

    @Test
    void theLastNodeOfAnEndingPartitionIsHeldWhileItsPeersCameBackWithinStormCooldown() {
      EngineFixture f = tenWorkers(c -> c.stormCooldown(Duration.ofMinutes(10)));
      for (int i = 1; i <= 3; i++) {
        f.cluster.killKubelet("worker-" + i);
      }
      f.runFor(PAST_DURATION);
      f.cluster.revive("worker-1");
      f.cluster.revive("worker-2");

      f.runFor(Duration.ofMinutes(8));
      assertThat(f.cloud.repairs()).isEmpty();
      assertThat(last(f, REPAIR_SKIPPED, "worker-3")).contains("while 3 nodes on host h-a went silent at once"
          + " (1 still silent, 2 back by themselves within storm-cooldown)");

      // A restarted healer reads the same records from the ledger: it holds the straggler too.
      f.start();
      f.runFor(Duration.ofMinutes(1));
      assertThat(f.cloud.repairs()).isEmpty();

      f.runFor(Duration.ofMinutes(3));
      assertThat(actionsOf(f.cloud, "worker-3")).containsExactly(REBOOT);
    }

    @Test
    void aNodeBackFromThePartitionWithAnotherFaultStillCountsAsOneOfIt() {
      EngineFixture f = tenWorkers(c -> c.stormCooldown(Duration.ofMinutes(10)));
      for (int i = 1; i <= 3; i++) {
        f.cluster.killKubelet("worker-" + i);
      }
      f.runFor(PAST_DURATION);
      // Its kubelet talks again, but reports its runtime down (seed 2369: a runtime that flaps).
      f.cluster.revive("worker-1");
      f.cluster.fault("worker-1", Fault.notReady("KubeletNotReady", "container runtime is down",
          java.util.EnumSet.allOf(io.healer.api.cloud.RepairAction.class)));
      f.cluster.revive("worker-2");

      f.runFor(Duration.ofMinutes(2));

      assertThat(actionsOf(f.cloud, "worker-3")).isEmpty();
      assertThat(last(f, REPAIR_SKIPPED, "worker-3")).contains("while 3 nodes on host h-a went silent at once"
          + " (1 still silent, 2 back by themselves within storm-cooldown)");
    }

    @Test
    void peersBackFromAnEarlierSilenceDoNotHoldANodeWhoseKubeletDiesLater() {
      EngineFixture f = tenWorkers(c -> c.stormCooldown(Duration.ofMinutes(10)));
      f.cluster.killKubelet("worker-1");
      f.cluster.killKubelet("worker-2");
      f.runFor(Duration.ofMinutes(3));
      f.cluster.revive("worker-1");
      f.cluster.revive("worker-2");
      f.runFor(Duration.ofMinutes(1));
      // Seed 9618: a kubelet that dies after its host's peers came back is no straggler of their silence.
      f.cluster.killKubelet("worker-3");

      f.runFor(PAST_DURATION);

      assertThat(actionsOf(f.cloud, "worker-3")).containsExactly(REBOOT);
      assertThat(f.events(REPAIR_SKIPPED, "worker-3")).noneMatch(e -> e.message().startsWith("likely network partition"));
    }

    @Test
    void silentNodesOnOneHostThatDiedMinutesApartAreNoPartition() {
      EngineFixture f = tenWorkers(c -> c.maxRepairsInFlight(1));
      f.cluster.killKubelet("worker-1");
      f.clock.advance(Duration.ofMinutes(2));
      f.cluster.killKubelet("worker-2");
      f.clock.advance(Duration.ofMinutes(2));
      f.cluster.killKubelet("worker-3");

      f.runFor(PAST_DURATION);

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      assertThat(f.events(REPAIR_SKIPPED)).noneMatch(e -> e.message().startsWith("likely network partition"));
    }

    @Test
    void switchedOffTheSilentServersAreRebootedWithoutAsking() {
      EngineFixture f = tenWorkers(c -> c.secondOpinion(false));
      for (int i = 1; i <= 3; i++) {
        f.cluster.killKubelet("worker-" + i);
      }

      f.runFor(PAST_DURATION);

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      assertThat(f.cloud.serverReads()).isEmpty();
    }

    @Test
    void aNodeWhoseKubeletStillTalksIsNotAskedAbout() {
      EngineFixture f = tenWorkers(c -> c);
      // NotReady as the kubelet itself reports it: its Lease stays fresh.
      f.cluster.setCondition("worker-1", NodeCondition.READY, NodeCondition.FALSE, "KubeletNotReady");

      f.runFor(PAST_DURATION);

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      assertThat(f.cloud.serverReads()).isEmpty();
    }
  }

  @Nested
  @DisplayName("When the cloud cannot say")
  class Unknown {

    @Test
    void anUnknownAnswerNeitherHoldsNorHastensTheRepair() {
      EngineFixture f = tenWorkers(c -> c.repairDeadServersAtOnce(true));
      f.cloud.failPowerCalls("Nova answered 503");
      for (int i = 1; i <= 3; i++) {
        f.cluster.killKubelet("worker-" + i);
      }

      f.runFor(Duration.ofMinutes(4));
      assertThat(f.cloud.repairs()).isEmpty();

      f.runFor(Duration.ofMinutes(2));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      assertThat(last(f, REPAIR_STARTED, "worker-1"))
          .contains("second opinion unknown (Nova answered 503): repaired as without it");
    }

    @Test
    void aProviderThatThrowsIsTakenAsUnknown() {
      EngineFixture f = new EngineFixture(c -> c).workers(3);
      CloudProvider throwing = new CloudProvider() {
        @Override
        public List<RepairResult> repair(RepairRequest request) {
          return f.cloud.repair(request);
        }

        @Override
        public ServerState serverState(NodeInfo node) {
          throw new IllegalStateException("boom");
        }
      };
      f.engine = HealingEngine.builder(f.config).checks(f.checks).nodeSource(f.cluster).cloudProvider(throwing)
          .clock(f.clock).ledger(f.ledger).executor(Runnable::run).build();
      f.cluster.killKubelet("worker-1");

      f.runFor(PAST_DURATION);

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
    }

    @Test
    void aProviderWithoutTheMethodIsRepairedAsBefore() {
      EngineFixture f = new EngineFixture(c -> c.repairDeadServersAtOnce(true)).workers(3);
      CloudProvider plain = f.cloud::repair;
      f.engine = HealingEngine.builder(f.config).checks(f.checks).nodeSource(f.cluster).cloudProvider(plain)
          .clock(f.clock).ledger(f.ledger).executor(Runnable::run).build();
      f.cluster.killKubelet("worker-1");

      f.runFor(Duration.ofMinutes(4));
      assertThat(f.cloud.repairs()).isEmpty();
      f.runFor(Duration.ofMinutes(2));
      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
    }
  }

  @Nested
  @DisplayName("The fast path for servers the cloud reports dead")
  class FastPath {

    @Test
    void isOffByDefault() {
      EngineFixture f = tenWorkers(c -> c);
      f.cloud.powerState("worker-4", PowerState.off("SHUTOFF"));
      f.cluster.killKubelet("worker-4");

      f.runFor(Duration.ofMinutes(4));

      assertThat(f.cloud.repairs()).isEmpty();
    }

    @Test
    void repairsAShutoffServerInTheCycleItIsFoundSilent() {
      EngineFixture f = tenWorkers(c -> c.repairDeadServersAtOnce(true));
      f.cloud.powerState("worker-4", PowerState.off("SHUTOFF"));
      f.cluster.killKubelet("worker-4");

      f.cycle();

      assertThat(actionsOf(f.cloud, "worker-4")).containsExactly(REBOOT);
      assertThat(last(f, REPAIR_CANDIDATE, "worker-4")).contains("the cloud reports its server SHUTOFF on host h-4"
          + " (host UP): repaired without waiting out unhealthy-duration, repair-dead-servers-at-once");
    }

    @Test
    void repairsAnErrorServerAtOnceEvenAmongSilentPeers() {
      EngineFixture f = tenWorkers(c -> c.repairDeadServersAtOnce(true));
      f.cloud.powerState("worker-1", PowerState.other("ERROR"));
      for (int i = 1; i <= 3; i++) {
        f.cluster.killKubelet("worker-" + i);
      }

      f.runFor(Duration.ofMinutes(1));

      assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
      assertThat(actionsOf(f.cloud, "worker-2")).isEmpty();
    }

    @Test
    void anActiveServerWaitsOutItsUnhealthyDuration() {
      EngineFixture f = tenWorkers(c -> c.repairDeadServersAtOnce(true));
      f.cluster.killKubelet("worker-4");

      f.runFor(Duration.ofMinutes(4));
      assertThat(f.cloud.repairs()).isEmpty();
      f.runFor(Duration.ofMinutes(2));
      assertThat(actionsOf(f.cloud, "worker-4")).containsExactly(REBOOT);
    }
  }

  @Nested
  @DisplayName("Ready and Lease, read apart")
  class Silence {

    private final Instant now = Instant.parse("2026-12-04T12:00:00Z");

    private NodeInfo node(String ready, Instant beat) {
      return NodeInfo.builder("n").creationTime(now.minus(Duration.ofDays(1)))
          .condition(NodeCondition.of(NodeCondition.READY, ready, now.minus(Duration.ofMinutes(10))))
          .heartbeatTime(beat).build();
    }

    @Test
    void aFreshLeaseAndReadyTrueIsNotSilent() {
      assertThat(SecondOpinion.silence(node(NodeCondition.TRUE, now.minusSeconds(5)), now)).isEmpty();
      assertThat(SecondOpinion.disagreement(node(NodeCondition.TRUE, now.minusSeconds(5)), now)).isEmpty();
    }

    @Test
    void aLeaseOlderThanTheGraceUnderReadyTrueIsADisagreementNotSilence() {
      // Without a Lease the heartbeat is the newest condition's, minutes old on a healthy node.
      NodeInfo n = node(NodeCondition.TRUE, now.minusSeconds(41));
      assertThat(SecondOpinion.silence(n, now)).isEmpty();
      assertThat(SecondOpinion.disagreement(n, now))
          .hasValue("Ready is True but the Lease was last renewed at 2026-12-04T11:59:19Z");
      assertThat(SecondOpinion.disagreement(node(NodeCondition.TRUE, now.minusSeconds(40)), now)).isEmpty();
    }

    @Test
    void readyUnknownIsSilenceAndSaysSinceWhenAndHowOldTheLeaseIs() {
      assertThat(SecondOpinion.silence(node(NodeCondition.UNKNOWN, now.minusSeconds(300)), now))
          .hasValue("Ready is Unknown since 2026-12-04T11:50:00Z and the Lease was last renewed at 2026-12-04T11:55:00Z");
    }

    @Test
    void nodesThatTurnedUnknownMoreThanAMinuteApartDidNotGoSilentAtOnce() {
      NodeInfo a = node(NodeCondition.UNKNOWN, now.minusSeconds(300));
      NodeInfo b = NodeInfo.builder("m").creationTime(now.minus(Duration.ofDays(1)))
          .condition(NodeCondition.of(NodeCondition.READY, NodeCondition.UNKNOWN, now.minus(Duration.ofMinutes(9))))
          .build();
      NodeInfo c = NodeInfo.builder("o").creationTime(now.minus(Duration.ofDays(1)))
          .condition(NodeCondition.of(NodeCondition.READY, NodeCondition.UNKNOWN, now.minus(Duration.ofMinutes(12))))
          .build();
      assertThat(SecondOpinion.atOnce(a, b)).isTrue();
      assertThat(SecondOpinion.atOnce(a, c)).isFalse();
    }

    @Test
    void readyUnknownWithAFreshLeaseIsSilentAndDisagrees() {
      NodeInfo n = node(NodeCondition.UNKNOWN, now.minusSeconds(3));
      assertThat(SecondOpinion.silence(n, now)).hasValue("Ready is Unknown since 2026-12-04T11:50:00Z");
      assertThat(SecondOpinion.disagreement(n, now))
          .hasValue("Ready is Unknown but the Lease is still renewed (last at 2026-12-04T11:59:57Z)");
    }

    @Test
    void aKubeletThatDiedBeforeAShortGracePeriodDoesNotDisagree() {
      // A controller with --node-monitor-grace-period=8s (the real-server suites') marks the node 8 s
      // after its last renewal: that renewal is younger than LEASE_GRACE, but older than the mark.
      NodeInfo n = NodeInfo.builder("n").creationTime(now.minus(Duration.ofDays(1)))
          .condition(NodeCondition.of(NodeCondition.READY, NodeCondition.UNKNOWN, now.minusSeconds(2)))
          .heartbeatTime(now.minusSeconds(10)).build();
      assertThat(SecondOpinion.silence(n, now)).isPresent();
      assertThat(SecondOpinion.disagreement(n, now)).isEmpty();
    }

    @Test
    void readyFalseWithAFreshLeaseIsAKubeletThatTalks() {
      NodeInfo n = node(NodeCondition.FALSE, now.minusSeconds(3));
      assertThat(SecondOpinion.silence(n, now)).isEmpty();
      assertThat(SecondOpinion.disagreement(n, now)).isEmpty();
    }

    @Test
    void theDisagreementIsInTheRepairsEvent() {
      EngineFixture f = tenWorkers(c -> c);
      // The kubelet renews its Lease (the fake cluster's heartbeat is live) but its status is Unknown.
      f.cluster.setCondition("worker-5", NodeCondition.READY, NodeCondition.UNKNOWN, "NodeStatusUnknown");

      f.runFor(PAST_DURATION);

      assertThat(actionsOf(f.cloud, "worker-5")).containsExactly(REBOOT);
      assertThat(last(f, REPAIR_STARTED, "worker-5")).contains("; Ready and Lease disagree: Ready is Unknown but"
          + " the Lease is still renewed");
    }
  }
}
