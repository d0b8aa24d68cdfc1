package io.healer.core.engine;

import io.healer.api.cloud.RepairAction;

/**
 * A repair the plan stage chose and every safety rule admitted, for the act stage to carry out.
 *
 * @param candidate the node and why it is repaired
 * @param action the step of the escalation ladder it gets
 * @param attempt 1 for the first repair of this failure, 2 for the next, ...
 * @param opinion what the cloud's second opinion said, for the repair's event (starts with {@code
 *     "; "}), or empty
 */
record Planned(Candidate candidate, RepairAction action, int attempt, String opinion) {

  Planned(Candidate candidate, RepairAction action, int attempt) {
    this(candidate, action, attempt, "");
  }

  /** The node's name. */
  String name() {
    return candidate.name();
  }
}
