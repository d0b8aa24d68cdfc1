package io.healer.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.core.config.UnhealthyLimit;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The gate stage: holds of the whole cycle")
class GateStageTest {

  private final StormStateStore store = StormStateStore.inMemory();
  private final AtomicBoolean paused = new AtomicBoolean();

  private StageFixture fixture(UnaryOperator<io.healer.core.config.HealerConfig.Builder> configure) {
    StageFixture f = new StageFixture(configure);
    for (int i = 1; i <= 4; i++) {
      f.cluster.addWorker("worker-" + i);
    }
    return f;
  }

  private GateStage gate(StageFixture f) {
    return new GateStage(f.config, store, paused::get, f.states);
  }

  @Test
  void letsACalmCycleOfTheLeaderThrough() {
    StageFixture f = fixture(c -> c).leading();
    f.cluster.killKubelet("worker-1");

    assertThat(gate(f).hold(f.judged())).isEmpty();
  }

  @Test
  void holdsWhenHealingIsDisabledPausedOrAnotherInstanceLeads() {
    StageFixture disabled = fixture(c -> c.healingEnabled(false)).leading();
    assertThat(gate(disabled).hold(disabled.judged())).contains("healing is disabled in the config (healing-enabled: false)");

    StageFixture f = fixture(c -> c).leading();
    paused.set(true);
    assertThat(gate(f).hold(f.judged())).contains("healing is paused");

    paused.set(false);
    StageFixture follower = fixture(c -> c);
    assertThat(gate(follower).hold(follower.judged())).contains("this instance is not the leader");
  }

  @Test
  void theStormGuardHoldsAndItsStateIsKeptOnlyByTheLeader() {
    UnaryOperator<io.healer.core.config.HealerConfig.Builder> config =
        c -> c.maxUnhealthyWorkers(UnhealthyLimit.count(1)).stormCooldown(Duration.ofMinutes(10));
    StageFixture follower = fixture(config);
    follower.cluster.killKubelet("worker-1");
    follower.cluster.killKubelet("worker-2");
    gate(follower).hold(follower.judged());
    assertThat(store.load()).as("a follower writes nothing").isEmpty();

    StageFixture f = fixture(config).leading();
    f.cluster.killKubelet("worker-1");
    f.cluster.killKubelet("worker-2");
    GateStage gate = gate(f);
    gate.restore(f.clock.instant());

    assertThat(gate.hold(f.judged())).hasValueSatisfying(h -> assertThat(h).startsWith("storm guard: 2 of 4 workers"));
    assertThat(store.load()).contains(StormState.storming(f.clock.instant()));
  }

  @Test
  void aNewLeaderTakesTheStoredCoolDownIn() {
    StageFixture f = fixture(c -> c.stormCooldown(Duration.ofMinutes(10))).leading();
    store.save(StormState.coolingDown(f.clock.instant().minus(Duration.ofMinutes(4))));
    GateStage gate = gate(f);
    gate.restore(f.clock.instant());

    assertThat(gate.hold(f.judged())).hasValueSatisfying(h -> assertThat(h).contains("cooling down after a storm"));
    assertThat(gate.dueTimes()).containsExactly(f.clock.instant().plus(Duration.ofMinutes(6)));
  }
}
