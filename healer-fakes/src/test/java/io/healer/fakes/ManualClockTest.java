package io.healer.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  @Test
  void startsAtAFixedInstantThatIsNotTheEpoch() {
    ManualClock clock = new ManualClock();

    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void standsStillUntilAdvanced() {
    ManualClock clock = new ManualClock(Instant.parse("2030-05-01T12:00:00Z"));

    assertThat(clock.instant()).isEqualTo(clock.instant());
    Instant after = clock.advance(Duration.ofSeconds(90));

    assertThat(after).isEqualTo(Instant.parse("2030-05-01T12:01:30Z"));
    assertThat(clock.instant()).isEqualTo(after);
    assertThat(clock.millis()).isEqualTo(after.toEpochMilli());
  }

  @Test
  void refusesToAdvanceBackwardsButCanBeSetAnywhere() {
    ManualClock clock = new ManualClock();

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set(Instant)");

    clock.set(Instant.parse("2025-12-31T23:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
  }

  @Test
  void aClockInAnotherZoneSharesTheTime() {
    ManualClock clock = new ManualClock();
    ManualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(1));
    paris.advance(Duration.ofHours(1));

    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.instant()).isEqualTo(clock.instant()).isEqualTo("2026-01-01T02:00:00Z");
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
    assertThat(paris).isEqualTo(clock.withZone(ZoneId.of("Europe/Paris"))).isNotEqualTo(clock);
  }

  @Test
  void isSafeToAdvanceFromManyThreads() throws InterruptedException {
    ManualClock clock = new ManualClock();
    Thread[] threads = new Thread[8];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(() -> {
        for (int j = 0; j < 1000; j++) {
          clock.advance(Duration.ofMillis(1));
        }
      });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(8));
  }
}
