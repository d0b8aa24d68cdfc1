package io.healer.core.engine;

import static io.healer.api.embedding.HealerEvent.Type.REPAIR_SKIPPED;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.CycleSummary;
import io.healer.api.embedding.HealerEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The report stage")
class ReportStageTest {

  @Test
  void onlyTheLeaderReportsDecisions() {
    StageFixture f = new StageFixture();
    f.cluster.addWorker("worker-1");
    HealerEvent event = HealerEvent.builder(HealerEvent.Type.RECOVERED, f.node("worker-1"), f.clock.instant()).build();

    f.report.emit(event);
    assertThat(f.events).isEmpty();

    f.leading().report.emit(event);
    assertThat(f.events).containsExactly(event);
  }

  @Test
  void aHeldRepairIsReportedOncePerReason() {
    StageFixture f = new StageFixture().leading();
    f.cluster.addWorker("worker-1");
    Candidate c = f.candidate("worker-1", f.clock.instant());

    f.report.skip(c, "healing is paused", f.clock.instant());
    f.report.skip(c, "healing is paused", f.clock.instant());
    f.report.skip(c, "storm guard: cooling down", f.clock.instant());

    assertThat(f.events).extracting(HealerEvent::type).containsExactly(REPAIR_SKIPPED, REPAIR_SKIPPED);
    assertThat(f.events).extracting(HealerEvent::message).containsExactly("healing is paused", "storm guard: cooling down");
    assertThat(f.events.get(0).check()).contains("NodeCondition");
  }

  @Test
  void tellsTheProviderTheClusterHealthWhenItChangedAndOnlyAsTheLeader() {
    StageFixture f = new StageFixture();
    f.cluster.addWorker("worker-1");
    f.cluster.addWorker("worker-2");
    f.cluster.killKubelet("worker-1");

    f.report.health(f.judged());
    assertThat(f.cloud.healthReports()).as("a follower").isEmpty();

    f.leading();
    f.report.health(f.judged());
    f.report.health(f.judged());
    assertThat(f.cloud.healthReports()).singleElement()
        .satisfies(h -> assertThat(h.unhealthyNodes()).extracting(u -> u.name()).containsExactly("worker-1"));

    f.cluster.killKubelet("worker-2");
    f.report.health(f.judged());
    assertThat(f.cloud.healthReports()).hasSize(2);
  }

  @Test
  void summarisesTheCycle() {
    StageFixture f = new StageFixture();
    f.cluster.addMaster("master-1");
    f.cluster.addWorker("worker-1");
    f.cluster.addWorker("worker-2");
    f.cluster.killKubelet("worker-1");

    CycleSummary s = f.report.finish(f.clock.instant(), f.judged(), 1, "held");

    assertThat(s.nodes()).isEqualTo(3);
    assertThat(s.unhealthyMasters()).isZero();
    assertThat(s.unhealthyWorkers()).isEqualTo(1);
    assertThat(s.repairsRequested()).isEqualTo(1);
    assertThat(s.skippedBecause()).isEqualTo("held");
    assertThat(f.report.unavailable(f.clock.instant(), "the node source is unavailable: 503").nodes()).isZero();
  }
}
