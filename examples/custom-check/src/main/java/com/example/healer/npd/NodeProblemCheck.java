package com.example.healer.npd;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.api.check.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Judges a node by what node-problem-detector reports and by its kubelet Lease. It reads only the
 * node snapshot the engine hands it: no I/O, so it can never overrun its time budget. Immutable,
 * hence thread-safe.
 */
final class NodeProblemCheck implements HealthCheck {

  private final List<String> conditions;
  private final Duration maxLeaseAge; // null: the Lease is not judged

  NodeProblemCheck(List<String> conditions, Duration maxLeaseAge) {
    this.conditions = List.copyOf(conditions);
    this.maxLeaseAge = maxLeaseAge;
  }

  @Override
  public Verdict check(NodeInfo node, CheckContext context) {
    boolean anyReported = false;
    for (String type : conditions) {
      Optional<NodeCondition> condition = node.condition(type);
      anyReported |= condition.isPresent();
      if (condition.isPresent() && condition.get().isTrue()) {
        NodeCondition c = condition.get();
        // Since when, from Kubernetes itself: a restart of healer does not reset the clock.
        return Verdict.unhealthy(type + " is True" + (c.message().isEmpty() ? "" : ": " + c.message()))
            .since(c.lastTransitionTime().orElse(null));
      }
    }
    if (maxLeaseAge != null) {
      Optional<Instant> renewed = node.heartbeatTime();
      if (renewed.isEmpty()) {
        return Verdict.unknown("the node has no kubelet Lease renew time yet");
      }
      Duration age = Duration.between(renewed.get(), context.now());
      if (age.compareTo(maxLeaseAge) > 0) {
        return Verdict.unhealthy("the kubelet Lease was last renewed " + age.toSeconds()
            + "s ago, more than max-lease-age " + maxLeaseAge.toSeconds() + "s")
            .since(renewed.get().plus(maxLeaseAge));
      }
    }
    if (!anyReported && !conditions.isEmpty()) {
      // Unknown, not healthy: without node-problem-detector this check sees nothing.
      return Verdict.unknown("node-problem-detector reports none of " + conditions + ": is it running?");
    }
    return Verdict.healthy();
  }

  @Override
  public String toString() {
    return "NodeProblemCheck[conditions=" + conditions
        + (maxLeaseAge == null ? "" : ", max-lease-age=" + maxLeaseAge.toSeconds() + "s") + "]";
  }
}
