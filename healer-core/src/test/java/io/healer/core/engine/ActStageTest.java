package io.healer.core.engine;

import static io.healer.api.embedding.HealerEvent.Type.REPAIR_FAILED;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_SKIPPED;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_STARTED;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.NodeInfo;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.core.config.HealerConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The act stage")
class ActStageTest {

  private StageFixture f;
  private ActStage act;
  private final AtomicBoolean mayGoOn = new AtomicBoolean(true);
  private final List<String> started = new ArrayList<>();

  private Planned reboot(UnaryOperator<HealerConfig.Builder> configure) {
    f = new StageFixture(configure).leading();
    act = new ActStage(f.config, f.cloud, new RepairPlanner(f.config), new RepairBudget(f.config), f.states, f.report,
        new GuardedHooks(new RepairHooks() {
          @Override
          public void started(NodeInfo node, RepairAction action, Instant now) {
            started.add(node.name());
          }
        }), mayGoOn::get);
    f.cluster.addWorker("worker-1");
    f.cluster.killKubelet("worker-1");
    f.failing("worker-1", f.clock.instant().minusSeconds(400));
    return new Planned(f.candidate("worker-1", f.clock.instant().minusSeconds(400)), RepairAction.REBOOT, 1);
  }

  @Test
  void recordsTheStepAsksTheCloudAndReportsItAccepted() {
    Planned p = reboot(c -> c);

    assertThat(act.act(List.of(p), f.clock.instant())).isEqualTo(1);

    assertThat(f.cloud.repairsOf("worker-1")).hasSize(1);
    assertThat(f.types()).containsExactly(REPAIR_STARTED, REPAIR_SUCCEEDED);
    assertThat(f.events.get(1).message()).startsWith("the cloud accepted the reboot");
    assertThat(f.ledger.load().get("worker-1").lastStep().state()).isEqualTo(RepairStep.State.STARTED);
    assertThat(started).containsExactly("worker-1");
  }

  @Test
  void aDryRunOnlyPretends() {
    Planned p = reboot(c -> c.dryRun(true));

    assertThat(act.act(List.of(p), f.clock.instant())).isZero();

    assertThat(f.cloud.requests()).isEmpty();
    assertThat(f.events).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(REPAIR_SKIPPED);
      assertThat(e.message()).isEqualTo("dry-run: would reboot the node (attempt 1)");
    });
    assertThat(f.states.record("worker-1").lastStep().state()).isEqualTo(RepairStep.State.SIMULATED);
  }

  @Test
  void aBusyCloudOrALostLeadershipSendsNothing() {
    Planned p = reboot(c -> c);
    f.cloud.clusterStatus(ClusterStatus.busy("UPDATE_IN_PROGRESS"));
    act.act(List.of(p), f.clock.instant());
    f.cloud.clusterStatus(ClusterStatus.ready());
    mayGoOn.set(false);
    act.act(List.of(p), f.clock.instant());

    assertThat(f.cloud.requests()).isEmpty();
    assertThat(f.events).extracting(HealerEvent::message).containsExactly(
        "the cloud does not allow repairs now: " + ClusterStatus.busy("UPDATE_IN_PROGRESS"),
        "leadership was lost or healing paused during the cycle");
  }

  @Test
  void aRefusedRepairIsReportedFailed() {
    Planned p = reboot(c -> c);
    f.cloud.failRepairsOf("worker-1", "Nova answered 500");

    act.act(List.of(p), f.clock.instant());

    assertThat(f.types()).containsExactly(REPAIR_STARTED, REPAIR_FAILED);
    assertThat(f.events.get(1).message()).startsWith("Nova answered 500; failure 1 of");
    assertThat(started).isEmpty();
  }
}
