package io.healer.simulation;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.core.config.HealerConfig;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The simulator's own reading of a snapshot, independent of the engine: which nodes look unhealthy
 * and whether a role is over its storm-guard limit. It restates the README's rules, so that the
 * invariants do not trust the engine's own account of what it saw.
 */
final class Judge {

  /** The well-known label of a node's zone, as the README names it. */
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  private final HealerConfig config;
  private final World world;

  Judge(HealerConfig config, World world) {
    this.config = config;
    this.world = world;
  }

  /** Whether the rules judge the node at all: it reports conditions and is old enough. */
  boolean judged(NodeInfo node, Instant now) {
    return !node.conditions().isEmpty()
        && !now.isBefore(node.creationTime().plus(config.checkDelayAfterAdd()));
  }

  /** Whether a check would call the judged node unhealthy now. */
  boolean unhealthy(NodeInfo node) {
    boolean notReady = node.condition("Ready").map(c -> !c.status().equals("True")).orElse(false);
    return notReady || (node.role() == NodeRole.MASTER && !world.apiServerAnswers(node.name()));
  }

  /** Whether the node's kubelet is silent in the snapshot, as the README's second opinion reads it: Ready is Unknown. */
  static boolean silent(NodeInfo node, Instant now) {
    return node.condition("Ready").map(c -> c.status().equals("Unknown")).orElse(false);
  }

  /** Whether two silent nodes turned Unknown within a minute of each other (or one does not say when). */
  static boolean atOnce(NodeInfo a, NodeInfo b) {
    Optional<Instant> ta = a.condition("Ready").flatMap(io.healer.api.NodeCondition::lastTransitionTime);
    Optional<Instant> tb = b.condition("Ready").flatMap(io.healer.api.NodeCondition::lastTransitionTime);
    return ta.isEmpty() || tb.isEmpty() || java.time.Duration.between(ta.get(), tb.get()).abs().toSeconds() <= 60;
  }

  /**
   * Why the second opinion must hold the node's repair, as the README states the rule: its kubelet
   * is silent in the snapshot, the cloud reports its server ACTIVE on a host it reports UP, and
   * partition-min-silent or more nodes of the snapshot on that host went silent within a minute of
   * it; else null. The
   * cloud's word is ground truth at {@code now}; callers rule out cycles in which Nova erred.
   */
  String likelyPartition(NodeInfo node, List<NodeInfo> snapshot, Instant now) {
    if (!config.secondOpinion() || !silent(node, now)) {
      return null;
    }
    io.healer.api.cloud.ServerState state = world.serverState(node.name(), now);
    if (state.status() != io.healer.api.cloud.ServerState.Status.ACTIVE || !state.hostUp()) {
      return null;
    }
    String host = Scenario.hostOf(node.name());
    long silentOnHost = snapshot.stream().filter(n -> Scenario.hostOf(n.name()).equals(host) && silent(n, now)
        && (n.name().equals(node.name()) || atOnce(n, node))).count();
    return silentOnHost >= config.partitionMinSilent()
        ? silentOnHost + " silent nodes on " + host + ", which the cloud reports UP, " + node.name() + " ACTIVE" : null;
  }

  /** Whether the node counts as "not healthy" for etcd quorum: unhealthy, unknown or not judged. */
  boolean notHealthy(NodeInfo node, Instant now) {
    return !judged(node, now) || node.condition("Ready").isEmpty() || unhealthy(node);
  }

  /**
   * The failure domains over {@code max-unhealthy-per-zone} in this snapshot: a node's domain is its
   * {@code topology.kubernetes.io/zone} label, else its node group; nodes with neither have none.
   * Every node of a domain counts in its total, the judged unhealthy ones against the limit.
   */
  java.util.Set<String> zonesOver(List<NodeInfo> nodes, Instant now) {
    java.util.Map<String, int[]> counts = new java.util.HashMap<>();
    for (NodeInfo node : nodes) {
      String domain = domain(node);
      if (domain != null) {
        int[] c = counts.computeIfAbsent(domain, d -> new int[2]);
        c[0]++;
        if (judged(node, now) && unhealthy(node)) {
          c[1]++;
        }
      }
    }
    java.util.Set<String> over = new java.util.HashSet<>();
    counts.forEach((domain, c) -> {
      if (c[1] > config.maxUnhealthyPerZone().allowed(c[0])) {
        over.add(domain);
      }
    });
    return over;
  }

  /** The node's failure domain, or null. */
  String domain(NodeInfo node) {
    String zone = node.labels().get(ZONE_LABEL);
    if (zone != null && !zone.isBlank()) {
      return "zone " + zone;
    }
    String group = node.labels().get(config.nodeGroupLabel());
    return group != null && !group.isBlank() ? "node group " + group : null;
  }

  /** The first role over its max-unhealthy limit in this snapshot, or null. */
  NodeRole storming(List<NodeInfo> nodes, Instant now) {
    int[] total = new int[NodeRole.values().length];
    int[] bad = new int[NodeRole.values().length];
    for (NodeInfo node : nodes) {
      total[node.role().ordinal()]++;
      if (judged(node, now) && unhealthy(node)) {
        bad[node.role().ordinal()]++;
      }
    }
    for (NodeRole role : NodeRole.values()) {
      if (bad[role.ordinal()] > config.maxUnhealthy(role).allowed(total[role.ordinal()])) {
        return role;
      }
    }
    return null;
  }
}
