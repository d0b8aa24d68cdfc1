package io.healer.provider.magnum.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.fakes.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a read is sent again and how long healer waits first; the clock and the jitter are fixed. */
class RetryPolicyTest {

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final Instant deadline = clock.instant().plusSeconds(90);

  RetryPolicy policy(double jitter) {
    return new RetryPolicy(2, clock, () -> jitter);
  }

  @Test
  void theBackoffDoublesAndJitterTakesOffUpToHalf() {
    assertThat(policy(0).next(0, 500, Optional.empty(), deadline).delay()).isEqualTo(Duration.ofMillis(500));
    assertThat(policy(0).next(1, 502, Optional.empty(), deadline).delay()).isEqualTo(Duration.ofMillis(1000));
    assertThat(policy(0.5).next(0, 0, Optional.empty(), deadline).delay()).isEqualTo(Duration.ofMillis(375));
    assertThat(policy(0.999).next(1, 504, Optional.empty(), deadline).delay()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void onlyNoAnswer429AndServerErrorsAreRetriedAndOnlyAsOftenAsConfigured() {
    assertThat(RetryPolicy.retried(0)).isTrue();
    assertThat(RetryPolicy.retried(429)).isTrue();
    assertThat(RetryPolicy.retried(503)).isTrue();
    assertThat(RetryPolicy.retried(404)).isFalse();
    assertThat(RetryPolicy.retried(501)).isFalse();
    assertThat(policy(0).next(2, 503, Optional.empty(), deadline).retry()).isFalse();
  }

  @Test
  void retryAfterInSecondsOrAsAnHttpDateIsWaitedWithoutJitter() {
    assertThat(policy(0.9).next(0, 429, Optional.of("7"), deadline).delay()).isEqualTo(Duration.ofSeconds(7));
    assertThat(policy(0.9).next(0, 503, Optional.of("Thu, 01 Jan 2026 00:00:12 GMT"), deadline).delay())
        .isEqualTo(Duration.ofSeconds(12));
    // A date already past: retry at once.
    assertThat(policy(0.9).next(0, 503, Optional.of("Wed, 31 Dec 2025 23:00:00 GMT"), deadline).delay())
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void retryAfterCountsOnlyOn429And503() {
    assertThat(policy(0).next(0, 500, Optional.of("7"), deadline).delay()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aMalformedRetryAfterFallsBackToTheBackoff() {
    for (String bad : new String[] {"-5", "1.5", "soon", "", "2026-01-01T00:00:12Z", "99999999999999999999"}) {
      assertThat(policy(0).next(0, 503, Optional.of(bad), deadline).delay()).as(bad)
          .isEqualTo(Duration.ofMillis(500));
    }
  }

  @Test
  void aWaitAboveTheMaximumOrPastTheDeadlineIsNotMade() {
    RetryPolicy.Decision tooLong = policy(0).next(0, 503, Optional.of("3600"), deadline);
    assertThat(tooLong.retry()).isFalse();
    assertThat(tooLong.refusal()).contains("3600 s").contains("60 s");
    RetryPolicy.Decision late = policy(0).next(0, 429, Optional.of("30"), clock.instant().plusSeconds(20));
    assertThat(late.retry()).isFalse();
    assertThat(late.refusal()).contains("deadline");
    assertThat(policy(0).next(0, 429, Optional.of("60"), deadline).delay()).isEqualTo(Duration.ofSeconds(60));
  }
}
