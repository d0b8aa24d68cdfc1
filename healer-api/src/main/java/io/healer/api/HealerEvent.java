package io.healer.api;

import io.healer.api.check.CheckId;
import io.healer.api.cloud.RepairAction;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One decision of the engine about one node, reported to every {@link HealerListener}: a node
 * found unhealthy, a repair started or held back, a repair that worked or failed.
 *
 * <p>Each {@link Type} has a CamelCase {@linkplain Type#reason() reason}, used as the Kubernetes
 * Event reason. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class HealerEvent {

  /** The kinds of decision. More may be added; do not switch over it exhaustively. */
  public enum Type {
    /** A check judged the node unhealthy for the first time in this failure. */
    UNHEALTHY_DETECTED("NodeUnhealthy"),
    /** The node stayed unhealthy for the check's unhealthy-duration: it is a repair candidate. */
    REPAIR_CANDIDATE("RepairCandidate"),
    /** The engine asked the cloud to repair the node. */
    REPAIR_STARTED("RepairStarted"),
    /** The cloud accepted or completed the repair. */
    REPAIR_SUCCEEDED("RepairSucceeded"),
    /** The cloud could not repair the node. */
    REPAIR_FAILED("RepairFailed"),
    /** A repair was due but held back; the message says by what (dry-run, storm guard, ...). */
    REPAIR_SKIPPED("RepairSkipped"),
    /** The node's retries are used up; it is left for a person. */
    REPAIR_GIVEN_UP("RepairGivenUp"),
    /** The node is healthy again after a failure or a repair. */
    RECOVERED("NodeRecovered");

    private final String reason;

    Type(String reason) {
      this.reason = reason;
    }

    /** The CamelCase reason, as used for Kubernetes Events. */
    public String reason() {
      return reason;
    }
  }

  private final Type type;
  private final String nodeName;
  private final NodeRole role;
  private final Instant time;
  private final String check;
  private final CheckId checkId;
  private final RepairAction action;
  private final String message;

  private HealerEvent(Builder b) {
    this.type = Objects.requireNonNull(b.type, "type");
    this.nodeName = Objects.requireNonNull(b.nodeName, "nodeName");
    this.role = Objects.requireNonNull(b.role, "role");
    this.time = Objects.requireNonNull(b.time, "time");
    this.check = b.check;
    this.checkId = b.checkId;
    this.action = b.action;
    this.message = b.message == null ? "" : b.message;
  }

  /**
   * Starts an event of the given type about a node.
   *
   * @param type the kind of decision
   * @param node the node it is about
   * @param time when it was made, by the engine's clock
   * @return a builder
   */
  public static Builder builder(Type type, NodeInfo node, Instant time) {
    Builder b = new Builder();
    b.type = type;
    b.nodeName = node.name();
    b.role = node.role();
    b.time = time;
    return b;
  }

  /** The kind of decision. */
  public Type type() {
    return type;
  }

  /** The node's name. */
  public String nodeName() {
    return nodeName;
  }

  /** The node's role. */
  public NodeRole role() {
    return role;
  }

  /** When the decision was made. */
  public Instant time() {
    return time;
  }

  /**
   * The check that led to it, if any, as shown to people: its name, its type, or its type and
   * position ({@code Endpoint#2}) when the role has more than one check of that type.
   */
  public Optional<String> check() {
    return Optional.ofNullable(check);
  }

  /**
   * The identity of the check that led to it, if any and if known: the engine always sets it with
   * {@link #check()}; an event built with {@link Builder#check(String)} has only the text.
   *
   * @since 0.1
   */
  public Optional<CheckId> checkId() {
    return Optional.ofNullable(checkId);
  }

  /** The repair action concerned, if any. */
  public Optional<RepairAction> action() {
    return Optional.ofNullable(action);
  }

  /** A sentence for people: what was decided and why. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return time + " " + type.reason() + " " + nodeName
        + (action == null ? "" : " " + action)
        + (check == null ? "" : " [" + check + "]")
        + (message.isEmpty() ? "" : ": " + message);
  }

  /** Builds a {@link HealerEvent}. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private Type type;
    private String nodeName;
    private NodeRole role;
    private Instant time;
    private String check;
    private CheckId checkId;
    private RepairAction action;
    private String message;

    private Builder() {}

    /** The check that led to the decision, as text only. */
    public Builder check(String check) {
      this.check = check;
      this.checkId = null;
      return this;
    }

    /**
     * The check that led to the decision: its identity, shown as its {@linkplain CheckId#display()
     * display form}.
     *
     * @since 0.1
     */
    public Builder check(CheckId check) {
      this.check = check == null ? null : check.display();
      this.checkId = check;
      return this;
    }

    /** The repair action concerned. */
    public Builder action(RepairAction action) {
      this.action = action;
      return this;
    }

    /** A sentence for people. */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    /** Builds the event. */
    public HealerEvent build() {
      return new HealerEvent(this);
    }
  }
}
