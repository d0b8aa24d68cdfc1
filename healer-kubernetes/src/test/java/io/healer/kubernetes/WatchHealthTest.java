package io.healer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.fakes.ManualClock;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatchHealthTest {

  final ManualClock clock = new ManualClock();
  final WatchHealth health = new WatchHealth("nodes", clock);

  @Test
  void anOutageIsPacedOneSecondDoublingToTenAndASuccessEndsIt() {
    assertThat(health.retryDelay()).as("no wait while calls get through").isZero();
    Instant began = clock.instant();

    long[] waits = new long[7];
    for (int attempt = 0; attempt < waits.length; attempt++) {
      health.failed(new ConnectException("Connection refused"));
      waits[attempt] = health.retryDelay().toSeconds();
      clock.advance(health.retryDelay().plusSeconds(1));
    }

    assertThat(waits).containsExactly(1, 2, 4, 8, 10, 10, 10);
    assertThat(health.failingSince()).as("the outage began at the first failure").contains(began);
    assertThat(health.lastError()).contains("ConnectException");

    health.succeeded();
    assertThat(health.retryDelay()).isZero();
    assertThat(health.failingSince()).isEmpty();
    health.failed(new ConnectException("Connection refused"));
    assertThat(health.retryDelay()).as("a new outage starts from a second again").isEqualTo(Duration.ofSeconds(1));
  }
}
