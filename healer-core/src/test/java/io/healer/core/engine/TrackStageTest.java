package io.healer.core.engine;

import static io.healer.api.embedding.HealerEvent.Type.RECOVERED;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_CANDIDATE;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_DONE;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_FAILED;
import static io.healer.api.embedding.HealerEvent.Type.UNHEALTHY_DETECTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.cloud.RepairAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The track stage")
class TrackStageTest {

  private final StageFixture f = new StageFixture().leading();
  private final List<String> recovered = new ArrayList<>();
  private final TrackStage track = new TrackStage(f.config, f.roleChecks, f.states, f.report,
      new GuardedHooks(new RepairHooks() {
        @Override
        public void recovered(NodeInfo node, Instant now) {
          recovered.add(node.name());
        }
      }), false);

  private List<Candidate> cycle() {
    f.states.watching(f.clock.instant());
    return track.track(f.judged(), null);
  }

  /** The node's record with a step the cloud accepted now, as the act stage leaves it. */
  private RepairStep accepted(String name, Duration timeToRecover) {
    Instant now = f.clock.instant();
    RepairStep step = new RepairStep(RepairAction.REBOOT, RepairStep.State.STARTED, now, now.plus(timeToRecover), 1);
    f.states.store(name, f.states.record(name).withStep(step), true);
    return step;
  }

  @Test
  void aNodeFailingForTheUnhealthyDurationBecomesACandidateOnce() {
    f.cluster.addWorker("worker-1");
    f.cluster.killKubelet("worker-1");
    assertThat(cycle()).isEmpty();
    assertThat(f.types()).containsExactly(UNHEALTHY_DETECTED);

    f.clock.advance(Duration.ofMinutes(5));
    assertThat(cycle()).extracting(Candidate::name).containsExactly("worker-1");
    f.clock.advance(Duration.ofMinutes(1));
    assertThat(cycle()).hasSize(1);

    assertThat(f.types()).containsExactly(UNHEALTHY_DETECTED, REPAIR_CANDIDATE);
    assertThat(f.states.record("worker-1").candidateAnnounced()).isTrue();
    assertThat(f.ledger.load()).containsKey("worker-1");
  }

  @Test
  void anAcceptedStepIsDoneWhenTheNodeRecovers() {
    f.cluster.addWorker("worker-1");
    f.cluster.killKubelet("worker-1");
    cycle();
    f.clock.advance(Duration.ofMinutes(5));
    cycle();
    accepted("worker-1", Duration.ofMinutes(5));

    f.clock.advance(Duration.ofMinutes(2));
    f.cluster.revive("worker-1");
    cycle();
    f.clock.advance(Duration.ofMinutes(1));
    cycle();

    assertThat(f.types()).containsExactly(UNHEALTHY_DETECTED, REPAIR_CANDIDATE, RECOVERED, REPAIR_DONE);
    assertThat(f.events.get(3).message())
        .isEqualTo("the reboot worked: all checks pass again PT2M after it was asked (attempt 1)");
    assertThat(recovered).containsExactly("worker-1");
  }

  @Test
  void anAcceptedStepFailsOnceWhenTheNodeIsStillUnhealthyAtTheEndOfItsTime() {
    f.cluster.addWorker("worker-1");
    f.cluster.killKubelet("worker-1");
    cycle();
    f.clock.advance(Duration.ofMinutes(5));
    cycle();
    RepairStep step = accepted("worker-1", Duration.ofMinutes(5));

    f.clock.advance(Duration.ofMinutes(4));
    cycle();
    assertThat(f.types()).doesNotContain(REPAIR_FAILED);
    f.clock.advance(Duration.ofMinutes(1));
    cycle();
    f.clock.advance(Duration.ofMinutes(1));
    cycle();

    assertThat(f.types()).containsExactly(UNHEALTHY_DETECTED, REPAIR_CANDIDATE, REPAIR_FAILED);
    assertThat(f.events.get(2).message()).isEqualTo("the reboot the cloud accepted did not bring the node back by "
        + step.waitUntil() + " (attempt 1): Ready is Unknown");
    assertThat(f.events.get(2).action()).contains(RepairAction.REBOOT);
  }

  @Test
  void aStepTheCloudDidNotAcceptGetsNoOutcome() {
    f.cluster.addWorker("worker-1");
    f.cluster.killKubelet("worker-1");
    cycle();
    Instant now = f.clock.instant();
    f.states.store("worker-1", f.states.record("worker-1").withStep(
        new RepairStep(RepairAction.REBOOT, RepairStep.State.REQUESTED, now, now.plusSeconds(60), 1)), true);

    f.clock.advance(Duration.ofMinutes(2));
    cycle();
    f.cluster.revive("worker-1");
    cycle();

    assertThat(f.types()).containsExactly(UNHEALTHY_DETECTED, RECOVERED);
  }

  @Test
  void tellsWhenARecordChangesByItself() {
    f.cluster.addWorker("worker-1");
    f.cluster.killKubelet("worker-1");
    Instant start = f.clock.instant();
    cycle();

    assertThat(track.dueTimes()).containsExactly(start.plus(Duration.ofMinutes(5)));
  }
}
