package io.healer.core.engine;

import static io.healer.api.embedding.HealerEvent.Type.RECOVERED;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_DONE;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_FAILED;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_STARTED;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_SUCCEEDED;
import static io.healer.api.cloud.RepairAction.REBOOT;
import static io.healer.api.cloud.RepairAction.REBUILD;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.NodeRole;
import io.healer.fakes.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A repair's outcome: accepted by the cloud, then done or failed")
class RepairOutcomeTest {

  private static List<HealerEvent.Type> repairEvents(EngineFixture f, String node) {
    synchronized (f.events) {
      return f.events.stream().filter(e -> e.nodeName().equals(node))
          .map(HealerEvent::type)
          .filter(t -> t == REPAIR_STARTED || t == REPAIR_SUCCEEDED || t == REPAIR_DONE || t == REPAIR_FAILED)
          .toList();
    }
  }

  @Test
  void anAcceptedRepairIsDoneWhenTheNodePassesItsChecksAgain() {
    EngineFixture f = new EngineFixture().workers(3);
    f.cluster.killKubelet("worker-1");
    f.runFor(Duration.ofMinutes(5)); // rebooted at 5, accepted; the machine is back at 7
    assertThat(repairEvents(f, "worker-1")).containsExactly(REPAIR_STARTED, REPAIR_SUCCEEDED);

    f.runFor(Duration.ofMinutes(3));

    assertThat(repairEvents(f, "worker-1")).containsExactly(REPAIR_STARTED, REPAIR_SUCCEEDED, REPAIR_DONE);
    HealerEvent done = f.events(REPAIR_DONE, "worker-1").get(0);
    assertThat(done.action()).contains(REBOOT);
    assertThat(done.time()).isEqualTo(f.events(RECOVERED, "worker-1").get(0).time());
    assertThat(done.message()).contains("the reboot worked", "PT2M after it was asked", "attempt 1");
  }

  @Test
  void anAcceptedRepairFailsWhenTheNodeIsStillUnhealthyAtTheEndOfItsTimeToRecover() {
    EngineFixture f = new EngineFixture().workers(3);
    f.cluster.fault("worker-1", Fault.diskCorruption()); // a reboot does not help, a rebuild does
    f.runFor(Duration.ofMinutes(9)); // rebooted at 5; its time to recover ends at 10
    assertThat(f.events(REPAIR_FAILED)).isEmpty();

    f.runFor(Duration.ofMinutes(1));
    assertThat(f.events(REPAIR_FAILED, "worker-1")).singleElement().satisfies(e -> {
      assertThat(e.action()).contains(REBOOT);
      assertThat(e.time()).isEqualTo(Instant.parse("2026-01-01T00:10:00Z"));
      assertThat(e.check()).contains("NodeCondition");
      assertThat(e.message()).contains("the reboot the cloud accepted did not bring the node back by "
          + "2026-01-01T00:10:00Z (attempt 1)");
    });
    f.runFor(Duration.ofMinutes(5)); // rebuilt at 10, back at 12

    assertThat(repairEvents(f, "worker-1")).containsExactly(REPAIR_STARTED, REPAIR_SUCCEEDED, REPAIR_FAILED,
        REPAIR_STARTED, REPAIR_SUCCEEDED, REPAIR_DONE);
    assertThat(f.events(REPAIR_DONE, "worker-1")).singleElement()
        .satisfies(e -> assertThat(e.action()).contains(REBUILD));
  }

  @Test
  void aRepairTheCloudRefusedFailsAtOnceAndIsNeverDone() {
    EngineFixture f = new EngineFixture(c -> c.repairBackoff(Duration.ofHours(1))).workers(3);
    f.cloud.failRepairsOf("worker-1", "Nova answered 500");
    f.cluster.killKubelet("worker-1");
    f.runFor(Duration.ofMinutes(5));
    assertThat(repairEvents(f, "worker-1")).containsExactly(REPAIR_STARTED, REPAIR_FAILED);

    f.cluster.revive("worker-1");
    f.runFor(Duration.ofMinutes(20));

    assertThat(f.events(RECOVERED, "worker-1")).hasSize(1);
    assertThat(repairEvents(f, "worker-1")).containsExactly(REPAIR_STARTED, REPAIR_FAILED);
  }

  @Test
  void aStepGetsOneOutcomeEvenWhenTheNodeFailsAgainBeforeItsTimeIsOver() {
    EngineFixture f = new EngineFixture().workers(3);
    f.cluster.killKubelet("worker-1");
    f.runFor(Duration.ofMinutes(8)); // rebooted at 5, back at 7: done
    assertThat(f.events(REPAIR_DONE, "worker-1")).hasSize(1);

    f.cluster.killKubelet("worker-1"); // fails again at 8, within healthy-duration
    f.runFor(Duration.ofMinutes(4)); // past the reboot's time to recover (10), still unhealthy

    assertThat(f.events(REPAIR_FAILED, "worker-1")).as("the reboot was already done").isEmpty();
  }

  @Test
  void aRestartedEngineReportsTheOutcomeOfAStepStillWithinItsTime() {
    EngineFixture f = new EngineFixture().workers(3);
    f.cluster.killKubelet("worker-1");
    f.runFor(Duration.ofMinutes(5)); // rebooted at 5
    f.clock.advance(EngineFixture.INTERVAL);
    f.start(); // a new process at 6, over the same ledger

    f.runFor(Duration.ofMinutes(3));

    assertThat(f.events(REPAIR_DONE, "worker-1")).singleElement()
        .satisfies(e -> assertThat(e.action()).contains(REBOOT));
  }

  @Test
  void aRestartedEngineDoesNotReportAgainAnOutcomeItsPredecessorSawCome() {
    EngineFixture f = new EngineFixture().workers(3);
    f.cloud.supportedActions(NodeRole.WORKER, EnumSet.of(REBOOT));
    f.cluster.fault("worker-1", Fault.hardware());
    AtomicBoolean paused = new AtomicBoolean();
    f.paused = paused::get;
    f.runFor(Duration.ofMinutes(5)); // rebooted at 5; its time to recover ends at 10
    paused.set(true); // the step stays as it is: nothing is planned while paused
    f.runFor(Duration.ofMinutes(6));
    assertThat(f.events(REPAIR_FAILED, "worker-1")).hasSize(1);

    f.start(); // a new process at 11, still paused
    f.runFor(Duration.ofMinutes(3));

    assertThat(f.events(REPAIR_FAILED, "worker-1")).hasSize(1);
  }

  @Test
  void aDryRunReportsNoOutcome() {
    EngineFixture f = new EngineFixture(c -> c.dryRun(true)).workers(3);
    f.cluster.fault("worker-1", Fault.diskCorruption());
    f.runFor(Duration.ofMinutes(20));

    assertThat(repairEvents(f, "worker-1")).isEmpty();
  }
}
