package io.healer.core.engine;

import static io.healer.api.embedding.HealerEvent.Type.REPAIR_GIVEN_UP;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_SKIPPED;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.NodeRole;
import io.healer.api.cloud.RepairAction;
import io.healer.core.config.HealerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The plan stage")
class PlanStageTest {

  private StageFixture f;
  private PlanStage plan;

  private void start(UnaryOperator<HealerConfig.Builder> configure) {
    f = new StageFixture(configure).leading();
    plan = new PlanStage(f.config, new RepairPlanner(f.config), new RepairBudget(f.config), new ZoneGuard(f.config),
        f.cloud, f.states, f.report);
    for (int i = 1; i <= 5; i++) {
      f.cluster.addWorker("worker-" + i);
    }
  }

  @Test
  void thePlacesGoToTheOldestFailuresFirst() {
    start(c -> c.maxRepairsInFlight(1));
    Instant now = f.clock.instant();
    f.cluster.killKubelet("worker-1");
    f.cluster.killKubelet("worker-2");
    f.failing("worker-1", now.minusSeconds(400));
    f.failing("worker-2", now.minusSeconds(500));
    List<Candidate> candidates = new ArrayList<>(List.of(f.candidate("worker-1", now.minusSeconds(400)),
        f.candidate("worker-2", now.minusSeconds(500))));

    List<Planned> planned = plan.plan(candidates, f.judged());

    assertThat(planned).extracting(Planned::name, Planned::action, Planned::attempt)
        .containsExactly(org.assertj.core.api.Assertions.tuple("worker-2", RepairAction.REBOOT, 1));
    assertThat(f.events).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(REPAIR_SKIPPED);
      assertThat(e.nodeName()).isEqualTo("worker-1");
      assertThat(e.message()).contains("max-repairs-in-flight: 1");
    });
  }

  @Test
  void aNodeTheLadderHasNoActionForIsGivenUp() {
    start(c -> c);
    f.cloud.supportedActions(NodeRole.WORKER, EnumSet.of(RepairAction.REBOOT));
    Instant now = f.clock.instant();
    f.cluster.killKubelet("worker-1");
    f.failing("worker-1", now.minusSeconds(400));
    f.states.store("worker-1", f.states.record("worker-1").withStep(new RepairStep(RepairAction.REBOOT,
        RepairStep.State.NOT_SUPPORTED, now.minusSeconds(60), now.minusSeconds(60), 1)), true);

    List<Planned> planned = plan.plan(new ArrayList<>(List.of(f.candidate("worker-1", now.minusSeconds(400)))),
        f.judged());

    assertThat(planned).isEmpty();
    assertThat(f.events).extracting(HealerEvent::type).containsExactly(REPAIR_GIVEN_UP);
    assertThat(f.states.record("worker-1").givenUp()).isTrue();
  }

  @Test
  void theRepairsPerHourCeilingTellsWhenTheNextMayStart() {
    start(c -> c.maxRepairsPerHour(1));
    RepairBudget budget = new RepairBudget(f.config);
    plan = new PlanStage(f.config, new RepairPlanner(f.config), budget, new ZoneGuard(f.config), f.cloud, f.states,
        f.report);
    Instant now = f.clock.instant();
    budget.started("worker-5", now.minus(Duration.ofMinutes(20)));

    assertThat(plan.dueTimes(now)).containsExactly(now.plus(Duration.ofMinutes(40)));
  }
}
