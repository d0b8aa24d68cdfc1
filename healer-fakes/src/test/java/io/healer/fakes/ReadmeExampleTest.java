package io.healer.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairTarget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's example, with the engine's part played by hand, so the snippet stays true. */
class ReadmeExampleTest {

  @Test
  void aCorruptDiskNeedsARebuildNotAReboot() {
    ManualClock clock = new ManualClock();
    FakeCluster cluster = new FakeCluster(clock);
    cluster.addMaster("master-0");
    cluster.addWorker("worker-0");
    FakeCloud cloud = FakeCloud.connectedTo(cluster, clock);

    cluster.fault("worker-0", Fault.diskCorruption());
    clock.advance(Duration.ofMinutes(5));
    repair(cloud, cluster, clock, RepairAction.REBOOT, 1);
    clock.advance(Duration.ofMinutes(10));
    assertThat(ready(cluster)).isEqualTo("Unknown");
    repair(cloud, cluster, clock, RepairAction.REBUILD, 2);
    clock.advance(FakeCloud.DEFAULT_REPAIR_TIME);

    assertThat(cloud.repairsOf("worker-0")).extracting(FakeCloud.Repair::action)
        .containsExactly(RepairAction.REBOOT, RepairAction.REBUILD);
    assertThat(cluster.faults("worker-0")).isEmpty();
    assertThat(ready(cluster)).isEqualTo("True");
  }

  private static void repair(
      FakeCloud cloud, FakeCluster cluster, ManualClock clock, RepairAction action, int attempt) {
    NodeInfo node = cluster.nodes().stream()
        .filter(n -> n.name().equals("worker-0")).findFirst().orElseThrow();
    cloud.repair(new RepairRequest(
        List.of(new RepairTarget(node, action, "Ready is Unknown", attempt)), clock.instant()));
  }

  private static String ready(FakeCluster cluster) {
    return cluster.node("worker-0").condition("Ready").map(NodeCondition::status).orElseThrow();
  }
}
