package io.healer.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.fakes.FakeCluster;
import io.healer.fakes.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The observe stage")
class ObserveStageTest {

  private final ManualClock clock = new ManualClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final AtomicBoolean leader = new AtomicBoolean(true);
  private final ObserveStage observe = new ObserveStage(clock, leader::get, cluster);

  @Test
  void readsTheTimeTheLeadershipAndTheNodes() {
    cluster.addWorker("worker-1");
    leader.set(false);

    ObserveStage.Observation seen = observe.nodes(observe.now());

    assertThat(observe.now()).isEqualTo(clock.instant());
    assertThat(observe.leader()).isFalse();
    assertThat(seen.read()).isTrue();
    assertThat(seen.nodes()).extracting(n -> n.name()).containsExactly("worker-1");
    assertThat(observe.timerFloor()).isNull();
  }

  @Test
  void anOutageOfTheNodeSourceRestartsTheTimersWhenItEnds() {
    cluster.addWorker("worker-1");
    cluster.apiUnavailable(true);

    ObserveStage.Observation seen = observe.nodes(clock.instant());
    assertThat(seen.read()).isFalse();
    assertThat(seen.unavailable()).startsWith("the node source is unavailable: ");
    assertThat(observe.inOutage()).isTrue();

    clock.advance(Duration.ofMinutes(3));
    cluster.apiUnavailable(false);
    Instant back = clock.instant();
    assertThat(observe.nodes(back).read()).isTrue();

    assertThat(observe.inOutage()).isFalse();
    assertThat(observe.timerFloor()).isEqualTo(back);
  }
}
