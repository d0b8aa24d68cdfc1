package io.healer.core.engine;

import io.healer.api.API;
import io.healer.api.cloud.RepairAction;
import java.time.Instant;
import java.util.Objects;

/**
 * The last repair step taken for a node's current failure, as recorded in the ledger.
 *
 * @param action the action asked of the cloud
 * @param state what became of it
 * @param at when it was asked
 * @param waitUntil until when the node is given time to recover before the next step
 * @param attempt 1 for the first repair of this failure, 2 for the next, ...
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RepairStep(RepairAction action, State state, Instant at, Instant waitUntil, int attempt) {

  /** The states of a repair step. */
  public enum State {
    /**
     * Written before the cloud is called. Found after a restart it means "the cloud may have
     * received it": it is treated as started, never repeated.
     */
    REQUESTED,
    /** The cloud accepted or completed it; the node has until {@code waitUntil} to recover. */
    STARTED,
    /** The cloud could not do it; it counts against the retry budget. */
    FAILED,
    /** The provider cannot do this action for this node; the next action is tried. */
    NOT_SUPPORTED,
    /** The cloud was busy; nothing happened and it is asked again later, free of charge. */
    RETRY_LATER,
    /** Dry-run: the engine only pretended, to simulate the escalation in its reports. */
    SIMULATED
  }

  /**
   * Validates the components.
   *
   * @param action the action, not {@code null}
   * @param state the state, not {@code null}
   * @param at when it was asked, not {@code null}
   * @param waitUntil the end of the time to recover, not {@code null}
   * @param attempt the attempt, counting from 1
   */
  public RepairStep {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(waitUntil, "waitUntil");
  }

  /**
   * Whether the cloud is (or may be) working on the node: REQUESTED, STARTED or SIMULATED.
   *
   * @return {@code true} for {@link State#REQUESTED}, {@link State#STARTED} and {@link State#SIMULATED}
   */
  public boolean underway() {
    return state == State.REQUESTED || state == State.STARTED || state == State.SIMULATED;
  }

  /**
   * A copy in another state.
   *
   * @param newState the state, not {@code null}
   * @param newWaitUntil the end of the time to recover, not {@code null}
   * @return the copy, with the same action, time and attempt
   */
  public RepairStep withState(State newState, Instant newWaitUntil) {
    return new RepairStep(action, newState, at, newWaitUntil, attempt);
  }
}
