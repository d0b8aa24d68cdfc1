package io.healer.core.engine;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.core.config.HealerConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The per-zone brake ({@code max-unhealthy-per-zone}): when more of one failure domain's nodes are
 * unhealthy at once than the limit allows, that is an infrastructure event (a zone's power or
 * network), not that many broken machines, and repairs in that domain are held — for {@code
 * storm-cooldown} after the count is back within the limit too, since the nodes of an ending outage
 * reconnect one by one. Other domains keep healing.
 *
 * <p>A node's domain is its {@value #ZONE_LABEL} label, or without one its node group (label
 * {@code node-group-label}); a node with neither belongs to no domain and is judged by the global
 * rules only. Masters count in their domain like workers, and the domain's count covers both roles;
 * the rule only ever adds holds, so the etcd quorum rule still applies on top of it.
 *
 * <p>What a domain's outage left behind lives in memory. A new leader (or a restarted process)
 * rebuilds it from the ledger: a domain where the nodes unhealthy now and those that recovered by
 * themselves within storm-cooldown (records with no repair step, kept for healthy-duration) are
 * over the limit cools down from the recovery that brought its count back within the limit.
 */
final class ZoneGuard {

  /** The well-known Kubernetes label of a node's availability zone. */
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  /** A failure domain: a zone, or a node group standing in for one. */
  record Domain(String kind, String name) {
    @Override
    public String toString() {
      return kind + " " + name;
    }
  }

  private final HealerConfig config;
  /** Domains over the limit in the last cycle, with why. */
  private final Map<Domain, String> outages = new HashMap<>();
  /** Domains whose outage ended, by the instant it ended: they cool down from then. */
  private final Map<Domain, Instant> calmSince = new HashMap<>();

  ZoneGuard(HealerConfig config) {
    this.config = config;
  }

  /** The node's failure domain, if it has one. */
  Optional<Domain> domain(NodeInfo node) {
    String zone = node.labels().get(ZONE_LABEL);
    if (zone != null && !zone.isBlank()) {
      return Optional.of(new Domain("zone", zone));
    }
    String group = node.labels().get(config.nodeGroupLabel());
    return group != null && !group.isBlank() ? Optional.of(new Domain("node group", group)) : Optional.empty();
  }

  /**
   * Counts this cycle's nodes per domain and updates which domains are held.
   *
   * @param nodes every node of the snapshot
   * @param unhealthy the names of the judged nodes that are unhealthy now
   * @param selfRecovered when restoring after a start or leader change: the nodes whose record says
   *     they recovered by themselves, with when; empty otherwise
   * @param now the cycle's time
   */
  void update(List<NodeInfo> nodes, Set<String> unhealthy, Map<String, Instant> selfRecovered, Instant now) {
    Map<Domain, Count> counts = new TreeMap<>(java.util.Comparator.comparing(Domain::toString));
    for (NodeInfo node : nodes) {
      domain(node).ifPresent(d -> counts.computeIfAbsent(d, k -> new Count()).add(node, unhealthy, selfRecovered));
    }
    Map<Domain, String> before = new HashMap<>(outages);
    outages.clear();
    for (Map.Entry<Domain, Count> e : counts.entrySet()) {
      Domain domain = e.getKey();
      Count count = e.getValue();
      int allowed = config.maxUnhealthyPerZone().allowed(count.total);
      if (count.unhealthy > allowed) {
        outages.put(domain, String.format("%s: %d of %d %s unhealthy at once, limit %s: held as a likely"
            + " zone outage (max-unhealthy-per-zone)", domain, count.unhealthy, count.total, count.what(),
            config.maxUnhealthyPerZone()));
        calmSince.remove(domain);
      } else if (before.containsKey(domain)) {
        calmSince.put(domain, now);
      } else {
        count.calmAfterRecoveries(allowed).ifPresent(
            calm -> calmSince.merge(domain, calm, (a, b) -> a.isAfter(b) ? a : b));
      }
    }
    // A domain whose nodes are all gone has nothing left to hold.
    before.keySet().stream().filter(d -> !counts.containsKey(d)).forEach(calmSince::remove);
    calmSince.entrySet().removeIf(e -> !now.isBefore(e.getValue().plus(config.stormCooldown())));
  }

  /**
   * Why repairs of this node are held by its domain, if they are.
   *
   * @param node the candidate
   * @param now the cycle's time
   */
  Optional<String> held(NodeInfo node, Instant now) {
    Optional<Domain> domain = domain(node);
    if (domain.isEmpty()) {
      return Optional.empty();
    }
    String outage = outages.get(domain.get());
    if (outage != null) {
      return Optional.of(outage);
    }
    Instant calm = calmSince.get(domain.get());
    if (calm != null && now.isBefore(calm.plus(config.stormCooldown()))) {
      return Optional.of(domain.get() + ": cooling down after a likely zone outage until "
          + calm.plus(config.stormCooldown()) + " (storm-cooldown: " + config.stormCooldown() + ")");
    }
    return Optional.empty();
  }

  /** The domains held now as outages, with why, in name order. */
  List<String> outages() {
    return outages.values().stream().sorted().toList();
  }

  /** When the next domain's cool-down ends, if one is cooling down. */
  Optional<Instant> coolDownEnds() {
    return calmSince.values().stream().map(t -> t.plus(config.stormCooldown())).min(Instant::compareTo);
  }

  /** One domain's nodes in one cycle. */
  private static final class Count {
    int total;
    int unhealthy;
    final List<Instant> recoveries = new java.util.ArrayList<>();
    int masters;

    void add(NodeInfo node, Set<String> unhealthyNames, Map<String, Instant> selfRecovered) {
      total++;
      if (node.role() == NodeRole.MASTER) {
        masters++;
      }
      if (unhealthyNames.contains(node.name())) {
        unhealthy++;
      } else if (selfRecovered.containsKey(node.name())) {
        recoveries.add(selfRecovered.get(node.name()));
      }
    }

    /**
     * When the domain, counting back from now, last went from over the limit to within it: the
     * recovery that brought the count (unhealthy now plus those that recovered since) down to the
     * limit. A lone later recovery does not move it.
     */
    Optional<Instant> calmAfterRecoveries(int allowed) {
      int needed = allowed - unhealthy + 1;
      if (needed < 1 || recoveries.size() < needed) {
        return Optional.empty();
      }
      List<Instant> latestFirst = recoveries.stream().sorted(java.util.Comparator.reverseOrder()).toList();
      return Optional.of(latestFirst.get(needed - 1));
    }

    String what() {
      return masters == 0 ? "workers" : masters == total ? "masters" : "nodes";
    }
  }
}
