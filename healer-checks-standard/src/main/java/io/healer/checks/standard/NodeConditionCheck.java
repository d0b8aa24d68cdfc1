package io.healer.checks.standard;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.api.check.HealthCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges a node by the status of some of its conditions. Immutable and thread-safe; built by
 * {@link NodeConditionCheckFactory}.
 */
final class NodeConditionCheck implements HealthCheck {

  private final List<String> types;
  private final List<String> okValues;
  private final List<String> errorValues;

  /**
   * @param types the condition types to judge, in the order their failures are reported
   * @param okValues the healthy statuses; ignored when {@code errorValues} is not empty
   * @param errorValues the unhealthy statuses; when not empty, every other status is healthy
   */
  NodeConditionCheck(List<String> types, List<String> okValues, List<String> errorValues) {
    this.types = List.copyOf(types);
    this.okValues = List.copyOf(okValues);
    this.errorValues = List.copyOf(errorValues);
  }

  @Override
  public Verdict check(NodeInfo node, CheckContext context) {
    List<String> missing = new ArrayList<>();
    for (String type : types) {
      Optional<NodeCondition> condition = node.condition(type);
      if (condition.isEmpty()) {
        missing.add(type);
      } else if (!isHealthy(condition.get().status())) {
        // The transition time is Kubernetes' own record of when the failure began, so a restart
        // of the healer does not restart the unhealthy-duration clock.
        return Verdict.unhealthy(describe(condition.get()))
            .since(condition.get().lastTransitionTime().orElse(null));
      }
    }
    if (!missing.isEmpty()) {
      return Verdict.unknown("the node reports no " + String.join(", ", missing)
          + (missing.size() == 1 ? " condition" : " conditions"));
    }
    return Verdict.healthy();
  }

  /** Like the Go healer: error-values, when given, win over ok-values. */
  private boolean isHealthy(String status) {
    if (!errorValues.isEmpty()) {
      return !errorValues.contains(status);
    }
    return okValues.contains(status);
  }

  /** {@code Ready is Unknown (NodeStatusUnknown): Kubelet stopped posting node status}. */
  private static String describe(NodeCondition condition) {
    StringBuilder sb = new StringBuilder(condition.type()).append(" is ").append(condition.status());
    if (!condition.reason().isEmpty()) {
      sb.append(" (").append(condition.reason()).append(')');
    }
    if (!condition.message().isEmpty()) {
      sb.append(": ").append(condition.message());
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "NodeConditionCheck[types=" + types
        + (errorValues.isEmpty() ? ", ok-values=" + okValues : ", error-values=" + errorValues) + "]";
  }
}
