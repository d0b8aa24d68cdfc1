package io.healer.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.ClusterHealth;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeCloudTest {

  private final ManualClock clock = new ManualClock();

  private RepairRequest request(RepairAction action, NodeInfo... nodes) {
    return new RepairRequest(
        Arrays.stream(nodes)
            .map(n -> new RepairTarget(n, action, "Ready is Unknown", 1))
            .toList(),
        clock.instant());
  }

  private static List<RepairResult.Status> statuses(List<RepairResult> results) {
    return results.stream().map(RepairResult::status).toList();
  }

  @Nested
  class OnItsOwn {

    private final FakeCloud cloud = new FakeCloud();
    private final NodeInfo master = Nodes.master("master-0").build();
    private final NodeInfo worker = Nodes.worker("worker-0").build();

    @Test
    void startsEveryRepairAndRecordsItWithTheRequestTime() {
      List<RepairResult> results = cloud.repair(request(RepairAction.REBOOT, master, worker));
      clock.advance(Duration.ofMinutes(1));
      cloud.repair(request(RepairAction.REBUILD, worker));

      assertThat(statuses(results)).containsOnly(RepairResult.Status.STARTED);
      assertThat(cloud.requests()).hasSize(2);
      assertThat(cloud.repairs()).hasSize(3);
      assertThat(cloud.repairsOf("worker-0"))
          .extracting(FakeCloud.Repair::time, FakeCloud.Repair::action)
          .containsExactly(
              tuple(ManualClock.DEFAULT_START, RepairAction.REBOOT),
              tuple(ManualClock.DEFAULT_START.plusSeconds(60), RepairAction.REBUILD));
      assertThat(cloud.repairsOf("worker-0").get(0).reason()).isEqualTo("Ready is Unknown");
      assertThat(cloud.repairsOf("worker-9")).isEmpty();
    }

    @Test
    void answersNotSupportedForAnActionItDoesNotSupportForTheRole() {
      cloud.supportedActions(NodeRole.MASTER, EnumSet.of(RepairAction.REBOOT));

      List<RepairResult> results = cloud.repair(request(RepairAction.REPLACE, master, worker));

      assertThat(statuses(results))
          .containsExactly(RepairResult.Status.NOT_SUPPORTED, RepairResult.Status.STARTED);
      assertThat(results.get(0).reason()).contains("REPLACE").contains("master");
      assertThat(cloud.supportedActions(NodeRole.MASTER)).containsExactly(RepairAction.REBOOT);
      assertThat(cloud.supportedActions(NodeRole.WORKER)).hasSize(3);
    }

    @Test
    void failsTheNextRepairsOnDemand() {
      cloud.failNextRepairs(2, "nova answered 500");

      List<RepairResult> first = cloud.repair(request(RepairAction.REBOOT, master, worker));
      List<RepairResult> second = cloud.repair(request(RepairAction.REBOOT, worker));

      assertThat(first).allSatisfy(r -> {
        assertThat(r.status()).isEqualTo(RepairResult.Status.FAILED);
        assertThat(r.reason()).isEqualTo("nova answered 500");
      });
      assertThat(statuses(second)).containsExactly(RepairResult.Status.STARTED);
      assertThat(cloud.repairsOf("master-0").get(0).result().status())
          .isEqualTo(RepairResult.Status.FAILED);
    }

    @Test
    void answersPerNodeUntilToldToStartAgain() {
      cloud.failRepairsOf("worker-0", "server is locked");
      cloud.answer("master-0", RepairResult.Status.RETRY_LATER);

      List<RepairResult> results = cloud.repair(request(RepairAction.REBOOT, master, worker));
      cloud.answer("worker-0", RepairResult.Status.STARTED);
      List<RepairResult> later = cloud.repair(request(RepairAction.REBOOT, worker));

      assertThat(statuses(results))
          .containsExactly(RepairResult.Status.RETRY_LATER, RepairResult.Status.FAILED);
      assertThat(results.get(1).reason()).isEqualTo("server is locked");
      assertThat(statuses(later)).containsExactly(RepairResult.Status.STARTED);
    }

    @Test
    void countsStatusCallsAndRecordsHealthReports() {
      assertThat(cloud.clusterStatus()).isEqualTo(ClusterStatus.ready());
      cloud.clusterStatus(ClusterStatus.busy("UPDATE_IN_PROGRESS"));
      assertThat(cloud.clusterStatus().allowsRepair()).isFalse();
      ClusterHealth health = new ClusterHealth(List.of(), clock.instant());
      cloud.reportClusterHealth(health);

      assertThat(cloud.statusCalls()).isEqualTo(2);
      assertThat(cloud.healthReports()).containsExactly(health);
    }

    @Test
    void resetForgetsTheRecordsButKeepsTheConfiguration() {
      cloud.supportedActions(NodeRole.WORKER, EnumSet.noneOf(RepairAction.class));
      cloud.repair(request(RepairAction.REBOOT, worker));
      cloud.clusterStatus();
      cloud.reportClusterHealth(new ClusterHealth(List.of(), clock.instant()));

      cloud.reset();

      assertThat(cloud.requests()).isEmpty();
      assertThat(cloud.repairs()).isEmpty();
      assertThat(cloud.statusCalls()).isZero();
      assertThat(cloud.healthReports()).isEmpty();
      assertThat(cloud.supportedActions(NodeRole.WORKER)).isEmpty();
    }
  }

  @Nested
  class ConnectedToACluster {

    private final FakeCluster cluster = new FakeCluster(clock);
    private final FakeCloud cloud = FakeCloud.connectedTo(cluster, clock);

    ConnectedToACluster() {
      cluster.addMaster("master-0");
      cluster.addWorker("worker-0");
      cluster.addWorker("worker-1");
    }

    private String readyStatus(String name) {
      return cluster.node(name).condition("Ready").map(NodeCondition::status).orElseThrow();
    }

    @Test
    void aRebootReachesTheMachineAfterTheRepairTime() {
      cluster.killKubelet("worker-0");
      Instant asked = clock.instant();

      List<RepairResult> results =
          cloud.repair(request(RepairAction.REBOOT, cluster.node("worker-0")));
      clock.advance(Duration.ofMinutes(1));
      assertThat(readyStatus("worker-0")).isEqualTo("Unknown");
      clock.advance(Duration.ofMinutes(1));

      assertThat(statuses(results)).containsExactly(RepairResult.Status.STARTED);
      assertThat(readyStatus("worker-0")).isEqualTo("True");
      assertThat(cluster.node("worker-0").condition("Ready").orElseThrow().lastTransitionTime())
          .hasValue(asked.plus(FakeCloud.DEFAULT_REPAIR_TIME));
    }

    @Test
    void aFaultIsFixedOnlyByTheRightActionAfterTheRepairTime() {
      cloud.repairTime(Duration.ofMinutes(5));
      cluster.fault("worker-0", Fault.diskCorruption());

      cloud.repair(request(RepairAction.REBOOT, cluster.node("worker-0")));
      clock.advance(Duration.ofMinutes(10));
      assertThat(readyStatus("worker-0")).isEqualTo("Unknown");

      cloud.repair(request(RepairAction.REBUILD, cluster.node("worker-0")));
      clock.advance(Duration.ofMinutes(4));
      assertThat(readyStatus("worker-0")).isEqualTo("Unknown");
      clock.advance(Duration.ofMinutes(1));
      assertThat(readyStatus("worker-0")).isEqualTo("True");
      assertThat(cluster.faults("worker-0")).isEmpty();
    }

    @Test
    void aReplaceGivesTheNodeANewMachine() {
      NodeInfo old = cluster.node("master-0");
      cluster.fault("master-0", Fault.hardware());

      cloud.repair(request(RepairAction.REPLACE, old));
      clock.advance(FakeCloud.DEFAULT_REPAIR_TIME);

      NodeInfo fresh = cluster.node("master-0");
      assertThat(fresh.uid()).isNotEqualTo(old.uid());
      assertThat(fresh.creationTime()).isEqualTo(clock.instant());
      assertThat(readyStatus("master-0")).isEqualTo("True");
    }

    @Test
    void aFailedOrUnsupportedRepairDoesNotReachTheMachine() {
      cluster.killKubelet("worker-0");
      cluster.killKubelet("worker-1");
      cloud.failNextRepairs(1, "quota exceeded");
      cloud.supportedActions(
          NodeRole.WORKER, EnumSet.of(RepairAction.REBOOT, RepairAction.REBUILD));

      cloud.repair(request(RepairAction.REBOOT, cluster.node("worker-0")));
      cloud.repair(request(RepairAction.REPLACE, cluster.node("worker-1")));
      clock.advance(Duration.ofMinutes(10));

      assertThat(readyStatus("worker-0")).isEqualTo("Unknown");
      assertThat(readyStatus("worker-1")).isEqualTo("Unknown");
    }

    @Test
    void aDoneAnswerReachesTheMachineAtOnce() {
      cluster.killKubelet("worker-1");
      cloud.answer("worker-1", RepairResult.Status.DONE);

      cloud.repair(request(RepairAction.REBOOT, cluster.node("worker-1")));

      assertThat(readyStatus("worker-1")).isEqualTo("True");
    }

    @Test
    void aRepairOfAMachineThatIsGoneChangesNothing() {
      NodeInfo asSeen = cluster.node("worker-0");
      cloud.repair(request(RepairAction.REBOOT, asSeen));
      cloud.repair(request(RepairAction.REBOOT, cluster.node("worker-1")));
      cluster.remove("worker-1");
      NodeInfo replaced = cluster.replaceMachine("worker-0");
      cluster.killKubelet("worker-0");
      clock.advance(Duration.ofMinutes(5));

      assertThat(readyStatus("worker-0")).isEqualTo("Unknown");
      assertThat(cluster.node("worker-0").uid()).isEqualTo(replaced.uid());
      assertThat(cluster.contains("worker-1")).isFalse();
    }
  }
}
