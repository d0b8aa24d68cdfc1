package io.healer.api.cloud;

import io.healer.api.API;
import io.healer.api.NodeInfo;
import java.util.Objects;

/**
 * One node to repair, within a {@link RepairRequest}.
 *
 * @param node the node as last seen
 * @param action what to do to it
 * @param reason why, for people and cloud-side reports: the failing check and its reason
 * @param attempt 1 for the first repair of this failure, 2 for the next, ...
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record RepairTarget(NodeInfo node, RepairAction action, String reason, int attempt) {

  /**
   * Validates the components.
   *
   * @param node the node, not {@code null}
   * @param action what to do, not {@code null}
   * @param reason why, not {@code null}
   * @param attempt the attempt, 1 or more
   */
  public RepairTarget {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
    }
  }

  /**
   * A key that is the same whenever the engine asks for this very repair again (after a restart,
   * a leader change or a "retry later"), and different for any other repair: the node's UID (or
   * name when the UID is unknown), the action and the attempt. Providers use it to answer a
   * repeated request without starting a second repair, and may send it to clouds that accept an
   * idempotency key.
   *
   * @return {@code <uid or name>/<action>/<attempt>}, never {@code null}
   */
  public String idempotencyKey() {
    return node.uid().orElse(node.name()) + "/" + action.name().toLowerCase(java.util.Locale.ROOT) + "/" + attempt;
  }
}
