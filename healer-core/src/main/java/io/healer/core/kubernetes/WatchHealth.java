package io.healer.core.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether an informer's list and watch calls are getting through: since when they have been
 * failing, by the given clock. An informer that synced once keeps serving its last cache while its
 * watch fails; this tells the node source when that cache has become too old to act on.
 *
 * <p>Thread-safe: written by the informer's threads, read by the engine's.
 */
final class WatchHealth {

  private final Clock clock;
  private final AtomicReference<Instant> failingSince = new AtomicReference<>();
  private volatile String lastError = "";

  WatchHealth(Clock clock) {
    this.clock = clock;
  }

  /** A list or watch call succeeded. */
  void succeeded() {
    failingSince.set(null);
  }

  /** A list or watch call failed; the first failure after a success starts the outage. */
  void failed(Throwable error) {
    failingSince.compareAndSet(null, clock.instant());
    lastError = ApiErrors.describe(error);
  }

  /** Since when the calls have been failing, if they are. */
  Optional<Instant> failingSince() {
    return Optional.ofNullable(failingSince.get());
  }

  /** Whether the calls have been failing for longer than the given time. */
  boolean failingLongerThan(Duration threshold) {
    Instant since = failingSince.get();
    return since != null && clock.instant().isAfter(since.plus(threshold));
  }

  /** The last failure, described without secrets. */
  String lastError() {
    return lastError;
  }
}
