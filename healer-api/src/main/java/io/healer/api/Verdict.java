package io.healer.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a health check concluded about one node: healthy, unhealthy (with a reason), or unknown
 * (the check could not decide, with a reason).
 *
 * <p>{@linkplain Status#UNKNOWN Unknown} is a first-class answer: a timeout, a node without an
 * address, a missing condition. It never starts or advances a repair; the engine counts and reports
 * it. A check that knows since when the node has been failing (for example from a condition's
 * {@code lastTransitionTime}) says so with {@link #since(Instant)}, so the unhealthy duration
 * survives a restart of the healer.
 *
 * <pre>{@code
 * if (ready.isEmpty()) return Verdict.unknown("no Ready condition reported yet");
 * if (ready.get().status().equals("True")) return Verdict.healthy();
 * return Verdict.unhealthy("Ready is " + ready.get().status()).since(ready.get().lastTransitionTime().orElse(null));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Verdict {

  /** The three answers a check can give. More may be added; do not switch over it exhaustively. */
  public enum Status {
    /** The node passed the check. */
    HEALTHY,
    /** The node failed the check. */
    UNHEALTHY,
    /** The check could not decide; never a reason to repair. */
    UNKNOWN
  }

  private static final Verdict HEALTHY = new Verdict(Status.HEALTHY, "", null);

  private final Status status;
  private final String reason;
  private final Instant since;

  private Verdict(Status status, String reason, Instant since) {
    this.status = status;
    this.reason = reason;
    this.since = since;
  }

  /**
   * The node passed the check.
   *
   * @return the shared healthy verdict, with an empty reason and no failing-since time
   */
  public static Verdict healthy() {
    return HEALTHY;
  }

  /**
   * The node failed the check.
   *
   * @param reason what failed, for people: {@code "Ready is False"}; not blank
   * @return the verdict
   */
  public static Verdict unhealthy(String reason) {
    return new Verdict(Status.UNHEALTHY, requireReason(reason), null);
  }

  /**
   * The check could not decide.
   *
   * @param reason why not, for people: {@code "no InternalIP address"}; not blank
   * @return the verdict
   */
  public static Verdict unknown(String reason) {
    return new Verdict(Status.UNKNOWN, requireReason(reason), null);
  }

  /**
   * A copy of this unhealthy verdict that says since when the node has been failing, as far as the
   * check can tell (such as a condition's {@code lastTransitionTime}). The engine counts the
   * unhealthy-duration from it, so a restart of the healer does not reset the clock; a later time
   * than before means a new failure. Without it the engine counts from when it first saw the
   * failure.
   *
   * @param since when the failure started, or {@code null} for "not known"
   * @return the copy
   * @throws IllegalStateException if this verdict is not unhealthy
   */
  public Verdict since(Instant since) {
    if (status != Status.UNHEALTHY) {
      throw new IllegalStateException("only an unhealthy verdict has a since time, not " + this);
    }
    return new Verdict(status, reason, since);
  }

  private static String requireReason(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a verdict that is not healthy needs a reason");
    }
    return reason;
  }

  /**
   * The status.
   *
   * @return the status, never {@code null}
   */
  public Status status() {
    return status;
  }

  /**
   * Why the node is not healthy; empty for a healthy verdict.
   *
   * @return the reason, never {@code null}; not blank unless the verdict is healthy
   */
  public String reason() {
    return reason;
  }

  /**
   * Since when the node has been failing, if the check knows.
   *
   * @return the time given to {@link #since(Instant)}, or empty if none was given
   */
  public Optional<Instant> failingSince() {
    return Optional.ofNullable(since);
  }

  /**
   * Whether the status is {@link Status#HEALTHY}.
   *
   * @return {@code true} if the node passed the check
   */
  public boolean isHealthy() {
    return status == Status.HEALTHY;
  }

  /**
   * Whether the status is {@link Status#UNHEALTHY}.
   *
   * @return {@code true} if the node failed the check
   */
  public boolean isUnhealthy() {
    return status == Status.UNHEALTHY;
  }

  /**
   * Whether the status is {@link Status#UNKNOWN}.
   *
   * @return {@code true} if the check could not decide
   */
  public boolean isUnknown() {
    return status == Status.UNKNOWN;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Verdict v
        && status == v.status
        && reason.equals(v.reason)
        && Objects.equals(since, v.since);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, reason, since);
  }

  @Override
  public String toString() {
    return switch (status) {
      case HEALTHY -> "healthy";
      default -> status.name().toLowerCase(java.util.Locale.ROOT) + "(" + reason + ")"
          + (since == null ? "" : " since " + since);
    };
  }
}
