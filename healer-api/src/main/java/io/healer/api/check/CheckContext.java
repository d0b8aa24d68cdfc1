package io.healer.api.check;

import io.healer.api.API;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the engine gives a check for one evaluation. New services are added here as methods with
 * defaults, so implementers of {@link HealthCheck} never break.
 *
 * <p>Instances are provided by the engine (or by the testkit); plugin code does not implement it.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface CheckContext {

  /**
   * The engine's clock: use it instead of {@link System#currentTimeMillis()} so tests control time.
   *
   * @return the clock, never {@code null}
   */
  Clock clock();

  /**
   * The time budget of this check; a check that would take longer returns unknown.
   *
   * @return the budget, never {@code null}
   */
  Duration timeout();

  /**
   * The current instant of {@link #clock()}.
   *
   * @return the instant, never {@code null}
   */
  default Instant now() {
    return clock().instant();
  }

  /**
   * A context with the given clock and timeout, for tests and embedders.
   *
   * @param clock the clock
   * @param timeout the budget of one check
   * @return the context
   */
  static CheckContext of(Clock clock, Duration timeout) {
    java.util.Objects.requireNonNull(clock, "clock");
    java.util.Objects.requireNonNull(timeout, "timeout");
    return new CheckContext() {
      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public Duration timeout() {
        return timeout;
      }

      @Override
      public String toString() {
        return "CheckContext[" + clock.instant() + ", timeout " + timeout + "]";
      }
    };
  }
}
