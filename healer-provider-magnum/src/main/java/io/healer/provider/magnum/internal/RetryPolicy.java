package io.healer.provider.magnum.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * When an idempotent call is sent again and how long healer waits first.
 *
 * <ul>
 *   <li>Retried: no answer, 429, 500, 502, 503, 504; at most {@code retries} times.
 *   <li>The wait: on 429 and 503 the service's {@code Retry-After} (delta-seconds, or an HTTP-date
 *       read by the clock); otherwise, or when that header is missing or malformed, a doubling
 *       backoff from {@link #FIRST_BACKOFF} with jitter: a random share of up to half of it is
 *       taken off, so that healers that failed together do not come back together.
 *   <li>A wait longer than {@link #MAX_WAIT}, or one that would end past the call's deadline, is
 *       not made: the call fails with the answer it has, and the next cycle asks again.
 * </ul>
 *
 * Thread-safe if the jitter source is.
 */
public final class RetryPolicy {

  /** The first backoff; each further one doubles. */
  public static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  /** The longest single wait, whatever a {@code Retry-After} asks. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private static final Set<Integer> RETRIED = Set.of(429, 500, 502, 503, 504);
  private static final Set<Integer> WITH_RETRY_AFTER = Set.of(429, 503);

  /**
   * The wait before the next attempt, or why there is none.
   *
   * @param delay how long to wait, or {@code null} when the call is not sent again
   * @param refusal why not, for the error message; {@code null} when there is a wait
   */
  public record Decision(Duration delay, String refusal) {
    /**
     * Whether the call is sent again after {@link #delay()}.
     *
     * @return {@code true} when there is a delay, {@code false} when {@link #refusal()} says why not
     */
    public boolean retry() {
      return delay != null;
    }
  }

  private final int retries;
  private final Clock clock;
  private final DoubleSupplier jitter;

  /**
   * @param retries how often a call is sent again at most
   * @param clock reads HTTP-dates and deadlines
   * @param jitter numbers in {@code [0, 1)}; tests pass a fixed one
   */
  public RetryPolicy(int retries, Clock clock, DoubleSupplier jitter) {
    this.retries = retries;
    this.clock = clock;
    this.jitter = jitter;
  }

  /**
   * Whether an answer with this status (0: none) is worth another attempt of an idempotent call.
   *
   * @param status the HTTP status, 0 when there was no answer
   * @return {@code true} for no answer, 429, 500, 502, 503 and 504
   */
  public static boolean retried(int status) {
    return status == 0 || RETRIED.contains(status);
  }

  /**
   * Decides after a failed attempt.
   *
   * @param attempt the attempt that failed, from 0
   * @param status its status, 0 when there was no answer
   * @param retryAfter its {@code Retry-After} header, if any
   * @param deadline when the call must be over
   * @return a wait (the {@code Retry-After} of a 429 or 503, else the doubling backoff with
   *     jitter), or the refusal when no retries are left, the wait is longer than {@link #MAX_WAIT}
   *     or it would pass the deadline
   */
  public Decision next(int attempt, int status, Optional<String> retryAfter, Instant deadline) {
    if (attempt >= retries) {
      return new Decision(null, "no retries left");
    }
    Optional<Duration> asked = WITH_RETRY_AFTER.contains(status) ? retryAfter.flatMap(this::retryAfter)
        : Optional.empty();
    Duration wait = asked.orElseGet(() -> backoff(attempt));
    if (wait.compareTo(MAX_WAIT) > 0) {
      return new Decision(null, "Retry-After asks for " + wait.toSeconds() + " s, more than the " + MAX_WAIT.toSeconds()
          + " s healer waits");
    }
    if (clock.instant().plus(wait).isAfter(deadline)) {
      return new Decision(null, "waiting " + wait.toMillis() + " ms would pass the call's deadline");
    }
    return new Decision(wait, null);
  }

  /** The backoff before attempt {@code attempt + 1}: the doubled base less up to half of it. */
  Duration backoff(int attempt) {
    Duration full = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt, 20));
    double share = Math.min(Math.max(jitter.getAsDouble(), 0), 1);
    return full.minusMillis(Math.round(full.toMillis() * share / 2));
  }

  /**
   * A {@code Retry-After} value as a wait (RFC 9110 §10.2.3): delta-seconds, or an IMF-fixdate,
   * a date already past being no wait. Anything else is empty, so the backoff applies.
   */
  Optional<Duration> retryAfter(String value) {
    String v = value.strip();
    if (v.matches("\\d{1,18}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
