package io.healer.api.embedding;

import io.healer.api.API;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.check.CheckId;
import io.healer.api.cloud.RepairAction;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One decision of the engine about one node, reported to every {@link HealerListener}: a node
 * found unhealthy, a repair started or held back, a repair that worked or failed.
 *
 * <p>A repair the engine asks for is reported in up to three steps: {@link Type#REPAIR_STARTED}
 * when it is sent, {@link Type#REPAIR_SUCCEEDED} when the cloud <em>accepted</em> it, and then its
 * outcome: {@link Type#REPAIR_DONE} when the node passes all its checks again, or {@link
 * Type#REPAIR_FAILED} when it is still unhealthy once the time the engine gives it to recover is
 * over (rebuild-delay-after-reboot for a reboot, repair-timeout for the others). A cloud that
 * refuses or fails the request is reported {@link Type#REPAIR_FAILED} at once.
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
    /**
     * The cloud accepted the repair (or said it completed it): the request was taken, which does
     * not yet mean the node is healthy; {@link #REPAIR_DONE} or {@link #REPAIR_FAILED} follows.
     * The name, and the reason {@code RepairSucceeded}, are kept as they were for compatibility.
     */
    REPAIR_SUCCEEDED("RepairSucceeded"),
    /**
     * The repair failed: the cloud refused or failed it, or, after the cloud accepted it, the node
     * was still unhealthy once its time to recover was over (the message says which). The engine
     * then escalates, retries after a backoff or gives the node up.
     */
    REPAIR_FAILED("RepairFailed"),
    /** A repair was due but held back; the message says by what (dry-run, storm guard, ...). */
    REPAIR_SKIPPED("RepairSkipped"),
    /** The node's retries are used up; it is left for a person. */
    REPAIR_GIVEN_UP("RepairGivenUp"),
    /** The node is healthy again after a failure or a repair. */
    RECOVERED("NodeRecovered"),
    /**
     * A repair the cloud accepted ({@link #REPAIR_SUCCEEDED}) worked: the node passes all its checks
     * again, before a check found it still unhealthy after its time to recover. Reported together
     * with {@link #RECOVERED}, with the repair's action.
     *
     * @since 0.1
     */
    REPAIR_DONE("RepairDone");

    private final String reason;

    Type(String reason) {
      this.reason = reason;
    }

    /**
     * The CamelCase reason, as used for Kubernetes Events.
     *
     * @return the reason such as {@code NodeUnhealthy}, never {@code null}
     */
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

  /**
   * The kind of decision.
   *
   * @return the type, never {@code null}
   */
  public Type type() {
    return type;
  }

  /**
   * The node's name.
   *
   * @return the name, never {@code null}
   */
  public String nodeName() {
    return nodeName;
  }

  /**
   * The node's role.
   *
   * @return the role the node had when the event was built, never {@code null}
   */
  public NodeRole role() {
    return role;
  }

  /**
   * When the decision was made.
   *
   * @return the time by the engine's clock, never {@code null}
   */
  public Instant time() {
    return time;
  }

  /**
   * The check that led to it, if any, as shown to people: its name, its type, or its type and
   * position ({@code Endpoint#2}) when the role has more than one check of that type.
   *
   * @return the check's display text, or empty if the decision was not made by a check
   */
  public Optional<String> check() {
    return Optional.ofNullable(check);
  }

  /**
   * The identity of the check that led to it, if any and if known: the engine always sets it with
   * {@link #check()}; an event built with {@link Builder#check(String)} has only the text.
   *
   * @return the check's identity, or empty
   * @since 0.1
   */
  public Optional<CheckId> checkId() {
    return Optional.ofNullable(checkId);
  }

  /**
   * The repair action concerned, if any.
   *
   * @return the action, or empty if the decision concerns no repair action
   */
  public Optional<RepairAction> action() {
    return Optional.ofNullable(action);
  }

  /**
   * A sentence for people: what was decided and why.
   *
   * @return the message, never {@code null}; empty if none was given
   */
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

    /**
     * The check that led to the decision, as text only.
     *
     * @param check the check's display text, such as {@code Endpoint#2}; {@code null} for none.
     *     Clears a {@link CheckId} set earlier
     * @return this builder
     */
    public Builder check(String check) {
      this.check = check;
      this.checkId = null;
      return this;
    }

    /**
     * The check that led to the decision: its identity, shown as its {@linkplain CheckId#display()
     * display form}.
     *
     * @param check the check's identity; {@code null} for none
     * @return this builder
     * @since 0.1
     */
    public Builder check(CheckId check) {
      this.check = check == null ? null : check.display();
      this.checkId = check;
      return this;
    }

    /**
     * The repair action concerned.
     *
     * @param action the action, or {@code null} for none
     * @return this builder
     */
    public Builder action(RepairAction action) {
      this.action = action;
      return this;
    }

    /**
     * A sentence for people.
     *
     * @param message what was decided and why; {@code null} for none (then empty)
     * @return this builder
     */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    /**
     * Builds the event.
     *
     * @return the event
     * @throws NullPointerException if the builder was given a {@code null} type or time
     */
    public HealerEvent build() {
      return new HealerEvent(this);
    }
  }
}
