package io.healer.fakes;

import io.healer.api.API;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until the test moves it: the engine's timers fire when the test
 * calls {@link #advance(Duration)}, never because real time passed, so tests need no sleeps.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();          // 2026-01-01T00:00:00Z
 * FakeCluster cluster = new FakeCluster(clock);
 * cluster.addWorker("worker-1");
 * cluster.killKubelet("worker-1");
 * clock.advance(Duration.ofMinutes(5));
 * // an engine built with the same clock now sees worker-1's Ready=Unknown for 5 minutes
 * }</pre>
 *
 * <p>It starts at {@link #DEFAULT_START} unless told otherwise; not at the epoch, so that code
 * subtracting durations from "now" or treating zero as "unset" does not get a false pass.
 *
 * <p>Thread-safe: the time is one atomic reference, shared by every clock that {@link
 * #withZone(ZoneId)} derives, so the engine may read it on its own thread while the test advances
 * it.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ManualClock extends Clock {

  /** Where a clock made with {@link #ManualClock()} starts: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** A clock at {@link #DEFAULT_START}, in UTC. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /**
   * A clock at the given instant, in UTC.
   *
   * @param start the initial time, not {@code null}
   */
  public ManualClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far, zero or positive; use {@link #set(Instant)} to move back
   * @return the new time
   * @throws IllegalArgumentException if the duration is negative
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "advance(" + duration + ") would move the clock back; use set(Instant) for that");
    }
    return now.updateAndGet(t -> t.plus(duration));
  }

  /**
   * Sets the time, forward or back (to simulate a clock jump).
   *
   * @param instant the new time, not {@code null}
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * A clock in another zone that shares this clock's time: advancing either moves both.
   *
   * @param zone the zone, not {@code null}
   * @return the clock, this one when the zone is the same
   */
  @Override
  public ManualClock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return zone.equals(this.zone) ? this : new ManualClock(now, zone);
  }

  /** Equal when both share the same time source and zone, as derived by {@link #withZone}. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ManualClock other && other.now == now && other.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(now) * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + ", " + zone + "]";
  }
}
