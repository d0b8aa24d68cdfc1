package io.healer.core.engine;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the judge stage made of one snapshot: every node read, the verdicts of those judged, and the
 * counts the later stages and the cycle summary need.
 *
 * @param now the time after the checks ran: the cycle's time for every decision after judging
 * @param nodes every node of the snapshot, judged or not
 * @param evaluations the verdicts of the judged nodes, in snapshot order
 */
record Judgement(Instant now, List<NodeInfo> nodes, List<NodeEvaluation> evaluations) {

  /** Copies the lists. */
  Judgement {
    nodes = List.copyOf(nodes);
    evaluations = List.copyOf(evaluations);
  }

  /** Whether each judged node is healthy now (every check said healthy), by name. */
  Map<String, Boolean> healthy() {
    Map<String, Boolean> healthy = new HashMap<>();
    evaluations.forEach(e -> healthy.put(e.node().name(), e.healthy()));
    return healthy;
  }

  /** The names of the judged nodes that some check found unhealthy. */
  Set<String> unhealthy() {
    Set<String> names = new HashSet<>();
    evaluations.stream().filter(NodeEvaluation::unhealthy).forEach(e -> names.add(e.node().name()));
    return names;
  }

  /** How many judged nodes of each role some check found unhealthy; every role is present. */
  Map<NodeRole, Integer> unhealthyByRole() {
    Map<NodeRole, Integer> counts = new EnumMap<>(NodeRole.class);
    for (NodeRole role : NodeRole.values()) {
      counts.put(role, 0);
    }
    evaluations.stream().filter(NodeEvaluation::unhealthy).forEach(e -> counts.merge(e.node().role(), 1, Integer::sum));
    return Collections.unmodifiableMap(counts);
  }

  /** How many nodes of the snapshot have the role. */
  int total(NodeRole role) {
    return (int) nodes.stream().filter(n -> n.role() == role).count();
  }

  /** How many verdicts of this cycle were unknown. */
  int unknown() {
    return evaluations.stream().mapToInt(NodeEvaluation::unknownCount).sum();
  }
}
