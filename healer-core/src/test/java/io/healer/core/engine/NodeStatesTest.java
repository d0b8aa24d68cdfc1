package io.healer.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.cloud.RepairAction;
import io.healer.fakes.ManualClock;
import io.healer.fakes.Nodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The node states: one holder of records, leadership and what was reported")
class NodeStatesTest {

  private final ManualClock clock = new ManualClock();
  private final InMemoryRepairLedger ledger = new InMemoryRepairLedger();

  private static NodeRecord failing(Instant since) {
    return NodeRecord.start("uid-1").withUnhealthySince(Map.of("NodeCondition", since));
  }

  private static RepairStep started(Instant at, Duration wait) {
    return new RepairStep(RepairAction.REBOOT, RepairStep.State.STARTED, at, at.plus(wait), 1);
  }

  @Test
  void aNewLeaderReloadsTheLedgerAndForgetsWhatItHeldBack() {
    NodeStates states = new NodeStates(ledger, false);
    assertThat(states.lead(true, clock.instant())).isTrue();
    assertThat(states.lead(true, clock.instant())).as("still the leader").isFalse();
    states.heldBecause("worker-1", "healing is paused");

    states.lead(false, clock.instant());
    ledger.save("worker-1", failing(clock.instant())); // the other leader wrote it
    assertThat(states.record("worker-1")).as("a follower keeps its own view").isNull();
    assertThat(states.lead(true, clock.instant())).isTrue();

    assertThat(states.record("worker-1")).isEqualTo(failing(clock.instant()));
    assertThat(states.heldBecause("worker-1", "healing is paused")).as("news again").isTrue();
  }

  @Test
  void writesTheLedgerOnlyAsTheLeaderOutsideDryRunAndOnlyWhenARecordChanged() {
    NodeStates states = new NodeStates(ledger, false);
    states.store("worker-1", failing(clock.instant()), true);
    assertThat(ledger.writes()).as("not the leader yet").isZero();

    states.lead(true, clock.instant());
    states.store("worker-1", failing(clock.instant()), true);
    states.store("worker-1", failing(clock.instant()), true);
    states.store("worker-2", failing(clock.instant()), false);
    assertThat(ledger.writes()).isEqualTo(1);
    assertThat(states.records()).containsOnlyKeys("worker-1", "worker-2");

    NodeStates dryRun = new NodeStates(new InMemoryRepairLedger(), true);
    dryRun.lead(true, clock.instant());
    dryRun.store("worker-1", failing(clock.instant()), true);
    assertThat(dryRun.record("worker-1")).isNotNull();
  }

  @Test
  void aStepIsRecordedBeforeTheCloudOrNotAtAll() {
    RepairLedger broken = new RepairLedger() {
      @Override
      public Map<String, NodeRecord> load() {
        return Map.of();
      }

      @Override
      public void save(String nodeName, NodeRecord record) {
        throw new IllegalStateException("409 Conflict");
      }

      @Override
      public void remove(String nodeName) {}
    };
    NodeStates states = new NodeStates(broken, false);
    states.lead(true, clock.instant());

    assertThatThrownBy(() -> states.storeBeforeCloud("worker-1", failing(clock.instant())))
        .hasMessage("409 Conflict");
    assertThat(states.record("worker-1")).isNull();
  }

  @Test
  void forgetsNodesThatAreGoneOrReCreated() {
    NodeStates states = new NodeStates(ledger, false);
    states.lead(true, clock.instant());
    states.store("worker-1", failing(clock.instant()), true);
    states.store("worker-2", failing(clock.instant()), true);
    states.store("worker-3", failing(clock.instant()), true);

    states.forgetGone(List.of(
        Nodes.worker("worker-1").uid("uid-1").build(),
        Nodes.worker("worker-2").uid("uid-new").build()));

    assertThat(states.records()).containsOnlyKeys("worker-1");
    assertThat(ledger.load()).containsOnlyKeys("worker-1");
  }

  @Test
  void anOutcomeIsClaimedOncePerStep() {
    NodeStates states = new NodeStates(ledger, false);
    RepairStep first = started(clock.instant(), Duration.ofMinutes(5));
    RepairStep next = started(clock.instant().plusSeconds(600), Duration.ofMinutes(30));

    assertThat(states.claimOutcome("worker-1", first)).isTrue();
    assertThat(states.outcomeReported("worker-1", first)).isTrue();
    assertThat(states.claimOutcome("worker-1", first)).isFalse();
    assertThat(states.outcomeReported("worker-1", next)).isFalse();
  }

  @Test
  void aNewLeaderTakesOutcomesAsReportedWhenTheyCameBeforeItLed() {
    Instant now = clock.instant();
    ledger.save("over", failing(now).withStep(started(now.minusSeconds(600), Duration.ofMinutes(5))));
    ledger.save("recovered", failing(now).withStep(started(now.minusSeconds(60), Duration.ofMinutes(5)))
        .withHealthySince(now.minusSeconds(30)));
    ledger.save("open", failing(now).withStep(started(now.minusSeconds(60), Duration.ofMinutes(5))));
    NodeStates states = new NodeStates(ledger, false);

    states.lead(true, now);

    assertThat(states.outcomeReported("over", states.record("over").lastStep())).isTrue();
    assertThat(states.outcomeReported("recovered", states.record("recovered").lastStep())).isTrue();
    assertThat(states.outcomeReported("open", states.record("open").lastStep())).isFalse();
  }
}
