package io.healer.api.cloud;

import io.healer.api.API;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether the cloud allows repairs right now, as a {@link CloudProvider} sees its cluster: ready,
 * healing switched off, busy (an update in progress), or unknown (the cloud could not be asked).
 * Anything but {@link Status#READY} means the engine repairs nothing this cycle.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class ClusterStatus {

  /** The states that matter to the engine. More may be added; do not switch over it exhaustively. */
  public enum Status {
    /** Healing is enabled and the cluster can take a repair. */
    READY,
    /** Healing is switched off in the cloud (such as Magnum's {@code auto_healing_enabled} label). */
    HEALING_DISABLED,
    /** The cluster is changing (updating, scaling) and must not be touched now. */
    BUSY,
    /** The cloud could not be asked (an API error); fail safe. */
    UNKNOWN
  }

  private static final ClusterStatus READY = new ClusterStatus(Status.READY, "");

  private final Status status;
  private final String reason;

  private ClusterStatus(Status status, String reason) {
    this.status = status;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Healing is enabled and the cluster can take a repair.
   *
   * @return the shared {@link Status#READY} status, with an empty reason
   */
  public static ClusterStatus ready() {
    return READY;
  }

  /**
   * Healing is switched off in the cloud, for the given reason.
   *
   * @param reason what the cloud says, such as {@code "auto_healing_enabled is false"}; not
   *     {@code null}
   * @return a {@link Status#HEALING_DISABLED} status
   */
  public static ClusterStatus healingDisabled(String reason) {
    return new ClusterStatus(Status.HEALING_DISABLED, reason);
  }

  /**
   * The cluster is changing and must not be touched now, for the given reason.
   *
   * @param reason what the cloud says, such as {@code "UPDATE_IN_PROGRESS"}; not {@code null}
   * @return a {@link Status#BUSY} status
   */
  public static ClusterStatus busy(String reason) {
    return new ClusterStatus(Status.BUSY, reason);
  }

  /**
   * The cloud could not be asked, for the given reason (no secrets).
   *
   * @param reason why the cloud could not be asked, such as the API error; not {@code null}
   * @return an {@link Status#UNKNOWN} status
   */
  public static ClusterStatus unknown(String reason) {
    return new ClusterStatus(Status.UNKNOWN, reason);
  }

  /**
   * The state.
   *
   * @return the state, never {@code null}
   */
  public Status status() {
    return status;
  }

  /**
   * Why repairs are not allowed; empty when ready.
   *
   * @return the reason, never {@code null}
   */
  public String reason() {
    return reason;
  }

  /**
   * Whether repairs are allowed now.
   *
   * @return {@code true} only for {@link Status#READY}
   */
  public boolean allowsRepair() {
    return status == Status.READY;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterStatus s && status == s.status && reason.equals(s.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, reason);
  }

  @Override
  public String toString() {
    return status.name().toLowerCase(Locale.ROOT) + (reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
