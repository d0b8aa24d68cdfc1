package io.healer.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an informer's list and watch calls are getting through: since when they have been
 * failing, by the given clock. An informer that synced once keeps serving its last cache while its
 * watch fails; this tells the node source when that cache has become too old to act on.
 *
 * <p>It also paces the informer through an outage: client-java's reflector tries again every
 * second, so the next list waits {@link #retryDelay()} first (1 s doubling, at most {@link
 * #MAX_RETRY_DELAY}), and each failed attempt is one WARN line naming the cause, the attempt and the
 * wait.
 *
 * <p>Thread-safe: written by the informer's threads, read by the engine's.
 */
final class WatchHealth {

  private static final Logger log = LoggerFactory.getLogger(WatchHealth.class);

  /** The longest wait between two attempts: a server that comes back is seen within it. */
  static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

  private final String what;
  private final Clock clock;
  private final AtomicReference<Instant> failingSince = new AtomicReference<>();
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private volatile String lastError = "";
  // Silence is a matter of the connection, so it is timed by the machine's monotonic clock, not by
  // the (possibly simulated) clock of the engine's decisions: the server's bookmarks keep real time.
  private volatile long lastHeardNanos;
  private volatile Instant lastHeard;

  /**
   * @param what what is listed and watched, for the log ("nodes")
   * @param clock the clock outages are timed by
   */
  WatchHealth(String what, Clock clock) {
    this.what = what;
    this.clock = clock;
  }

  /**
   * The server was heard from: a list answered, or the watch delivered an event or a bookmark
   * (the API server sends a bookmark about once a minute on a quiet watch).
   */
  void heard() {
    lastHeardNanos = System.nanoTime();
    lastHeard = clock.instant();
  }

  /**
   * Whether nothing has been heard for longer than the given time since the last list or event: a
   * connection that stalled without closing leaves the cache frozen while no call fails.
   */
  boolean silentLongerThan(Duration limit) {
    return lastHeard != null && System.nanoTime() - lastHeardNanos > limit.toNanos();
  }

  /** When the server was last heard from, if ever. */
  Optional<Instant> lastHeard() {
    return Optional.ofNullable(lastHeard);
  }

  /** A list or watch call succeeded. */
  void succeeded() {
    failuresInARow.set(0);
    if (failingSince.getAndSet(null) != null) {
      log.info("listing and watching {} works again", what);
    }
  }

  /**
   * A list or watch call failed: one WARN line per attempt, with the cause and the wait before the
   * next; the first failure after a success starts the outage.
   */
  void failed(Throwable error) {
    lastError = ApiErrors.describe(error);
    int attempt = failuresInARow.incrementAndGet();
    failingSince.compareAndSet(null, clock.instant());
    log.warn("listing and watching {} fails: {}; attempt {}, retrying in {}s, and no repair acts on a view older"
        + " than the last success", what, lastError, attempt, delayAfter(attempt).toSeconds());
  }

  /** How long the next attempt waits: nothing after a success, else 1 s doubling per failure, at most 10 s. */
  Duration retryDelay() {
    int failures = failuresInARow.get();
    return failures == 0 ? Duration.ZERO : delayAfter(failures);
  }

  private static Duration delayAfter(int failures) {
    long seconds = 1L << Math.min(failures - 1, 4);
    return seconds > MAX_RETRY_DELAY.toSeconds() ? MAX_RETRY_DELAY : Duration.ofSeconds(seconds);
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

  /** What is listed and watched ("nodes"). */
  String what() {
    return what;
  }

  /** The last failure, described without secrets. */
  String lastError() {
    return lastError;
  }
}
