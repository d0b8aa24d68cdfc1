package io.healer.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a node's {@code status.conditions}, as Kubernetes reports it.
 *
 * @param type the condition type, such as {@code Ready} or {@code MemoryPressure}
 * @param status the status as Kubernetes spells it: {@code True}, {@code False} or {@code Unknown}
 * @param lastTransitionTime when the status last changed, if known; checks judge durations from it
 *     so that a restart of the healer does not reset them
 * @param reason the machine-readable reason, possibly empty
 * @param message the human-readable message, possibly empty
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record NodeCondition(
    String type, String status, Optional<Instant> lastTransitionTime, String reason, String message) {

  /** The condition type the kubelet reports its own health with. */
  public static final String READY = "Ready";
  /** A status as Kubernetes spells it. */
  public static final String TRUE = "True";
  /** A status as Kubernetes spells it. */
  public static final String FALSE = "False";
  /** A status as Kubernetes spells it: the node controller lost touch with the kubelet. */
  public static final String UNKNOWN = "Unknown";

  /**
   * Whether the status is {@value #TRUE}.
   *
   * @return {@code true} if the status is exactly {@code True}; {@code false} for {@code False} and
   *     {@code Unknown}
   */
  public boolean isTrue() {
    return TRUE.equals(status);
  }

  /**
   * Validates and normalises: {@code null} reason or message become empty strings.
   *
   * @param type the condition type, not {@code null}
   * @param status the status, not {@code null}
   * @param lastTransitionTime when the status last changed; {@code null} is read as empty
   * @param reason the machine-readable reason; {@code null} is read as empty
   * @param message the human-readable message; {@code null} is read as empty
   */
  public NodeCondition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    lastTransitionTime = lastTransitionTime == null ? Optional.empty() : lastTransitionTime;
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
  }

  /**
   * A condition with the given type, status and transition time, and no reason or message.
   *
   * @param type the condition type
   * @param status {@code True}, {@code False} or {@code Unknown}
   * @param lastTransitionTime when the status last changed, or {@code null} if not known
   * @return the condition
   */
  public static NodeCondition of(String type, String status, Instant lastTransitionTime) {
    return new NodeCondition(type, status, Optional.ofNullable(lastTransitionTime), "", "");
  }
}
