package io.healer.api.cloud;

import io.healer.api.API;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a node's server is powered on, as the cloud says: what fencing reads before it marks a
 * node out of service. Only {@link Status#OFF} lets the engine taint a node; every other answer,
 * and above all {@link Status#UNKNOWN}, leaves the node alone.
 *
 * <pre>{@code
 * PowerState s = provider.powerState(node);
 * if (s.isOff()) { ... }   // the cloud said SHUTOFF
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class PowerState {

  /** The power states the engine tells apart. More may be added; do not switch over it exhaustively. */
  public enum Status {
    /** The server runs (Nova {@code ACTIVE}): it may still write to its volumes. */
    RUNNING,
    /** The server is powered off (Nova {@code SHUTOFF}). */
    OFF,
    /** The server is in another state (rebooting, building, in error, paused...): not known to be off. */
    OTHER,
    /** The cloud could not be asked, or does not know the server: the reason says why. */
    UNKNOWN
  }

  private final Status status;
  private final String detail;

  private PowerState(Status status, String detail) {
    this.status = status;
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /**
   * The server runs; {@code cloudState} is the cloud's own word, such as {@code ACTIVE}.
   *
   * @param cloudState the cloud's word for the state, not {@code null}
   * @return a {@link Status#RUNNING} state
   */
  public static PowerState running(String cloudState) {
    return new PowerState(Status.RUNNING, cloudState);
  }

  /**
   * The server is off; {@code cloudState} is the cloud's own word, such as {@code SHUTOFF}.
   *
   * @param cloudState the cloud's word for the state, not {@code null}
   * @return a {@link Status#OFF} state, the only one that allows fencing
   */
  public static PowerState off(String cloudState) {
    return new PowerState(Status.OFF, cloudState);
  }

  /**
   * The server is neither known to run nor to be off; {@code cloudState} is the cloud's word.
   *
   * @param cloudState the cloud's word for the state, such as {@code REBOOT}; not {@code null}
   * @return a {@link Status#OTHER} state
   */
  public static PowerState other(String cloudState) {
    return new PowerState(Status.OTHER, cloudState);
  }

  /**
   * The state could not be read, for the given reason (no secrets).
   *
   * @param reason why the cloud could not answer, such as a timeout; not {@code null}, no secrets
   * @return a {@link Status#UNKNOWN} state
   */
  public static PowerState unknown(String reason) {
    return new PowerState(Status.UNKNOWN, reason);
  }

  /**
   * The status, never {@code null}.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * Whether the cloud said the server is off: the only answer that allows fencing.
   *
   * @return {@code true} only for {@link Status#OFF}
   */
  public boolean isOff() {
    return status == Status.OFF;
  }

  /**
   * The cloud's own word for the state, or why it is unknown; never {@code null}.
   *
   * @return the cloud state, or the reason for {@link Status#UNKNOWN}
   */
  public String detail() {
    return detail;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PowerState p && p.status == status && p.detail.equals(detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, detail);
  }

  @Override
  public String toString() {
    String s = status.name().toLowerCase(Locale.ROOT);
    return detail.isEmpty() ? s : s + " (" + detail + ")";
  }
}
