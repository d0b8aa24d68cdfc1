package io.healer.api.cloud;

import io.healer.api.API;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the cloud says about a node's server: the second opinion the engine asks for before it
 * repairs a node whose kubelet went silent. A server the cloud reports {@link Status#ACTIVE} on a
 * host it reports up, while many peers on that host or zone went silent at once, is more likely cut
 * off by a network partition than dead; a server reported {@link Status#SHUTOFF} or {@link
 * Status#ERROR} is dead for sure. {@link Status#UNKNOWN} (the cloud could not be asked) never holds
 * a repair and never hastens one.
 *
 * <pre>{@code
 * ServerState s = provider.serverState(node);
 * if (s.status() == ServerState.Status.ACTIVE && s.hostUp()) { ... }   // the cloud sees it running
 * }</pre>
 *
 * <p>The host fields are optional: Nova shows {@code hostId} (an opaque hash of the host, per
 * project) in every microversion, {@code host_status} only from microversion 2.16 and, by default
 * policy, to admins only. Immutable and thread-safe.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class ServerState {

  /** The server states the engine tells apart. More may be added; do not switch over it exhaustively. */
  public enum Status {
    /** The cloud says the server runs (Nova {@code ACTIVE}). */
    ACTIVE,
    /** The server is powered off (Nova {@code SHUTOFF}). */
    SHUTOFF,
    /** The server is broken at the cloud (Nova {@code ERROR}). */
    ERROR,
    /** Another state (rebooting, building, paused...): neither running nor dead for sure. */
    OTHER,
    /** The cloud could not be asked, or does not know the server: the detail says why. */
    UNKNOWN
  }

  private final Status status;
  private final String detail;
  private final String hostId;
  private final String hostStatus;
  private final String zone;

  private ServerState(Status status, String detail, String hostId, String hostStatus, String zone) {
    this.status = status;
    this.detail = Objects.requireNonNull(detail, "detail");
    this.hostId = blankToNull(hostId);
    this.hostStatus = blankToNull(hostStatus);
    this.zone = blankToNull(zone);
  }

  /**
   * A state the cloud reported, in its own words: {@code ACTIVE}, {@code SHUTOFF} and {@code ERROR}
   * (in any case) are told apart, every other word is {@link Status#OTHER}.
   *
   * @param cloudStatus the cloud's word for the server's state, such as Nova's {@code status}; not
   *     {@code null}
   * @param hostId an opaque id of the host the server runs on (Nova's {@code hostId}), or {@code
   *     null} or blank when not shown
   * @param hostStatus the cloud's word for that host's state (Nova's {@code host_status}: {@code UP},
   *     {@code DOWN}, {@code MAINTENANCE}, {@code UNKNOWN}), or {@code null} or blank when not shown
   * @param zone the server's availability zone, or {@code null} or blank when not shown
   * @return the state
   */
  public static ServerState reported(String cloudStatus, String hostId, String hostStatus, String zone) {
    Objects.requireNonNull(cloudStatus, "cloudStatus");
    Status status = switch (cloudStatus.toUpperCase(Locale.ROOT)) {
      case "ACTIVE" -> Status.ACTIVE;
      case "SHUTOFF" -> Status.SHUTOFF;
      case "ERROR" -> Status.ERROR;
      default -> Status.OTHER;
    };
    return new ServerState(status, cloudStatus, hostId, hostStatus, zone);
  }

  /**
   * The state could not be read, for the given reason.
   *
   * @param reason why the cloud could not answer, such as a timeout; not {@code null}, no secrets
   * @return a {@link Status#UNKNOWN} state without host or zone
   */
  public static ServerState unknown(String reason) {
    return new ServerState(Status.UNKNOWN, reason, null, null, null);
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
   * The cloud's own word for the state, or why it is unknown; never {@code null}.
   *
   * @return the cloud's word, or the reason for {@link Status#UNKNOWN}
   */
  public String detail() {
    return detail;
  }

  /**
   * Whether the cloud says the server is dead: {@link Status#SHUTOFF} or {@link Status#ERROR}.
   *
   * @return {@code true} for those two only
   */
  public boolean isDead() {
    return status == Status.SHUTOFF || status == Status.ERROR;
  }

  /**
   * An opaque id of the server's host (the same id for two servers on one host), if shown.
   *
   * @return the host id, never blank
   */
  public Optional<String> hostId() {
    return Optional.ofNullable(hostId);
  }

  /**
   * The cloud's word for the host's state ({@code UP}, {@code DOWN}...), if shown.
   *
   * @return the host status, never blank
   */
  public Optional<String> hostStatus() {
    return Optional.ofNullable(hostStatus);
  }

  /**
   * Whether the cloud says the host is up; {@code false} when it says otherwise or does not say.
   *
   * @return {@code true} only for a host status of {@code UP}
   */
  public boolean hostUp() {
    return "UP".equalsIgnoreCase(hostStatus);
  }

  /**
   * The server's availability zone, if shown.
   *
   * @return the zone, never blank
   */
  public Optional<String> zone() {
    return Optional.ofNullable(zone);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerState s && s.status == status && s.detail.equals(detail)
        && Objects.equals(s.hostId, hostId) && Objects.equals(s.hostStatus, hostStatus) && Objects.equals(s.zone, zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, detail, hostId, hostStatus, zone);
  }

  /** Such as {@code ACTIVE on host 3f2a... (UP) in zone az1}, or {@code unknown (timeout)}. */
  @Override
  public String toString() {
    if (status == Status.UNKNOWN) {
      return "unknown (" + detail + ")";
    }
    StringBuilder s = new StringBuilder(detail);
    if (hostId != null) {
      s.append(" on host ").append(hostId);
    }
    s.append(hostStatus != null ? " (host " + hostStatus + ")" : " (host state not shown)");
    if (zone != null) {
      s.append(" in zone ").append(zone);
    }
    return s.toString();
  }
}
