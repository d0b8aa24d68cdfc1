package io.healer.api.cloud;

import io.healer.api.API;
import java.util.Locale;
import java.util.Objects;

/**
 * What became of one node's repair: started, done, failed, not supported, or to be retried later.
 *
 * <p>The engine records the result: a failure counts against the node's retry budget, {@link
 * Status#RETRY_LATER} (the cloud was busy, such as HTTP 409) does not, and {@link
 * Status#NOT_SUPPORTED} makes the engine try the next action.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class RepairResult {

  /** The outcomes of a repair. More may be added; do not switch over it exhaustively. */
  public enum Status {
    /** The cloud accepted the repair; the engine watches the node recover. */
    STARTED,
    /** The repair completed. */
    DONE,
    /** The repair could not be made; the reason says why. */
    FAILED,
    /** The provider cannot do this action for this node. */
    NOT_SUPPORTED,
    /** The cloud is busy now (for example 409 Conflict); nothing was done, ask again later. */
    RETRY_LATER
  }

  private final String nodeName;
  private final Status status;
  private final String reason;

  private RepairResult(String nodeName, Status status, String reason) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.status = status;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * The cloud accepted the repair of the node; {@code detail} may be empty.
   *
   * @param nodeName the repaired node's name, not {@code null}
   * @param detail what the cloud said, such as a request id; not {@code null}, no secrets
   * @return a {@link Status#STARTED} result
   */
  public static RepairResult started(String nodeName, String detail) {
    return new RepairResult(nodeName, Status.STARTED, detail);
  }

  /**
   * The repair of the node completed; {@code detail} may be empty.
   *
   * @param nodeName the repaired node's name, not {@code null}
   * @param detail what the cloud said; not {@code null}, no secrets
   * @return a {@link Status#DONE} result
   */
  public static RepairResult done(String nodeName, String detail) {
    return new RepairResult(nodeName, Status.DONE, detail);
  }

  /**
   * The repair of the node failed, for the given reason (no secrets).
   *
   * @param nodeName the node's name, not {@code null}
   * @param reason why it failed, for logs and events; not {@code null}
   * @return a {@link Status#FAILED} result, which counts against the node's retry budget
   */
  public static RepairResult failed(String nodeName, String reason) {
    return new RepairResult(nodeName, Status.FAILED, reason);
  }

  /**
   * The provider cannot do the requested action for this node, for the given reason.
   *
   * @param nodeName the node's name, not {@code null}
   * @param reason why the action is not possible, such as {@code "no rebuild image configured"};
   *     not {@code null}, no secrets
   * @return a {@link Status#NOT_SUPPORTED} result, after which the engine tries the next action
   */
  public static RepairResult notSupported(String nodeName, String reason) {
    return new RepairResult(nodeName, Status.NOT_SUPPORTED, reason);
  }

  /**
   * The cloud is busy; nothing was done, for the given reason.
   *
   * @param nodeName the node's name, not {@code null}
   * @param reason what the cloud answered, such as {@code "409 Conflict: server is locked"}; not
   *     {@code null}, no secrets
   * @return a {@link Status#RETRY_LATER} result, which does not count against the retry budget
   */
  public static RepairResult retryLater(String nodeName, String reason) {
    return new RepairResult(nodeName, Status.RETRY_LATER, reason);
  }

  /**
   * The node this result is for.
   *
   * @return the node's name, never {@code null}
   */
  public String nodeName() {
    return nodeName;
  }

  /**
   * The outcome.
   *
   * @return the status, never {@code null}
   */
  public Status status() {
    return status;
  }

  /**
   * Details or the reason of a failure; possibly empty.
   *
   * @return the detail or reason, never {@code null}
   */
  public String reason() {
    return reason;
  }

  /**
   * Whether the cloud accepted or completed the repair.
   *
   * @return {@code true} for {@link Status#STARTED} and {@link Status#DONE}
   */
  public boolean isSuccess() {
    return status == Status.STARTED || status == Status.DONE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RepairResult r
        && nodeName.equals(r.nodeName)
        && status == r.status
        && reason.equals(r.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nodeName, status, reason);
  }

  @Override
  public String toString() {
    return nodeName + ": " + status.name().toLowerCase(Locale.ROOT) + (reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
