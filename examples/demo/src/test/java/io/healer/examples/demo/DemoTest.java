package io.healer.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.cloud.RepairAction;
import io.healer.fakes.FakeCloud;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoTest {

  private static Demo.Outcome outcome;
  private static String printed;

  @BeforeAll
  static void runTheDemoOnce() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    outcome = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    printed = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void escalatesTheBadDiskWorkerFromRebootToRebuildAndRebootsTheMaster() {
    assertThat(outcome.repairs())
        .extracting(FakeCloud.Repair::nodeName, FakeCloud.Repair::action)
        .containsExactly(
            tuple("worker-3", RepairAction.REBOOT),
            tuple("worker-3", RepairAction.REBUILD),
            tuple("master-2", RepairAction.REBOOT));
  }

  @Test
  void theStormGuardRefusesToRepairThePartitionedWorkers() {
    assertThat(outcome.events())
        .filteredOn(e -> e.type() == HealerEvent.Type.REPAIR_SKIPPED)
        .extracting(HealerEvent::nodeName)
        .containsExactlyInAnyOrder("worker-1", "worker-2", "worker-4");
    assertThat(printed).contains("storm guard: 3 of 4 workers are unhealthy, more than the 2 allowed");
  }

  @Test
  void printsATimelineFromDetectionToRecovery() {
    assertThat(printed)
        .contains("T+01:00  worker-3  detected   NodeCondition: Ready is Unknown")
        .contains("T+04:00  worker-3  repair     reboot chosen, attempt 1")
        .contains("T+09:00  worker-3  repair     rebuild chosen, attempt 2 (still unhealthy after the reboot)")
        .contains("T+11:00  worker-3  healthy    all checks pass again after rebuild")
        .contains("master-2  detected   Endpoint: GET http://127.0.0.12:")
        .contains("master-2  healthy    all checks pass again after reboot");
    assertThat(outcome.events()).filteredOn(e -> e.type() == HealerEvent.Type.RECOVERED)
        .extracting(HealerEvent::nodeName)
        .containsExactlyInAnyOrder("worker-3", "master-2", "worker-1", "worker-2", "worker-4");
  }
}
