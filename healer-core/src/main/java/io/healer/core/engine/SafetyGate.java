package io.healer.core.engine;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.core.config.HealerConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admits planned repairs one by one against the limits that protect the cluster: a node's own
 * opt-out, a likely outage of its zone ({@link ZoneGuard}), the repairs-per-hour ceiling ({@link
 * RepairBudget}), repairs in flight cluster-wide and per node group, one master at a time, and etcd
 * quorum.
 * Candidates are offered oldest failure first, so the limits favour the longest-broken nodes.
 */
final class SafetyGate {

  /** A node annotation or label with the value {@code true} that keeps healer's hands off it. */
  static final String EXCLUDE_KEY = "healer.io/exclude";

  private final HealerConfig config;
  private final ZoneGuard zones;
  private final RepairBudget budget;
  private final Instant now;
  private int admitted;
  private int inFlight;
  private int mastersInFlight;
  private final Map<String, Integer> inFlightByGroup = new HashMap<>();
  private final int masters;
  private final int mastersNotHealthy;

  /**
   * @param config the limits
   * @param zones which failure domains are held now
   * @param budget the repairs started in the last hour
   * @param nodes every node of the snapshot
   * @param healthy whether each judged node is healthy now, by name
   * @param records the node records, by name
   * @param now the cycle's time
   */
  SafetyGate(HealerConfig config, ZoneGuard zones, RepairBudget budget, List<NodeInfo> nodes,
      Map<String, Boolean> healthy, Map<String, NodeRecord> records, Instant now) {
    this.config = config;
    this.zones = zones;
    this.budget = budget;
    this.now = now;
    int masterCount = 0;
    int masterTrouble = 0;
    for (NodeInfo node : nodes) {
      NodeRecord record = records.get(node.name());
      // A worker that is healthy again no longer occupies a repair slot, even before its wait is
      // over: its repair worked. A master keeps it until the wait is over (or its record is
      // forgotten after healthy-duration): an accepted step may still take it down — a reboot that
      // lands after the master recovered by itself, a rebuild accepted after a slow reboot — and
      // etcd quorum depends on counting it (found by the simulation, seeds 932 and 2346).
      boolean flying = record != null && record.inFlight(now)
          && (node.role() == NodeRole.MASTER || !healthy.getOrDefault(node.name(), false));
      if (flying) {
        inFlight++;
        inFlightByGroup.merge(group(node), 1, Integer::sum);
      }
      if (node.role() == NodeRole.MASTER) {
        masterCount++;
        if (flying) {
          mastersInFlight++;
        }
        if (flying || !healthy.getOrDefault(node.name(), false)) {
          masterTrouble++;
        }
      }
    }
    this.masters = masterCount;
    this.mastersNotHealthy = masterTrouble;
  }

  /** Whether the node opted out with {@value #EXCLUDE_KEY}{@code =true}. */
  static boolean excluded(NodeInfo node) {
    return "true".equalsIgnoreCase(node.annotations().get(EXCLUDE_KEY))
        || "true".equalsIgnoreCase(node.labels().get(EXCLUDE_KEY));
  }

  /**
   * Admits one repair, counting it against the limits, or says why not.
   *
   * @param node the candidate, which is not healthy now
   * @return empty when admitted, else the reason it is held back
   */
  Optional<String> admit(NodeInfo node) {
    if (excluded(node)) {
      return Optional.of("the node opted out with " + EXCLUDE_KEY + "=true");
    }
    Optional<String> zone = zones.held(node, now);
    if (zone.isPresent()) {
      return zone;
    }
    if (admitted >= budget.left(now)) {
      return Optional.of(budget.reason(now, admitted));
    }
    if (inFlight >= config.maxRepairsInFlight()) {
      return Optional.of(inFlight + " repairs are already under way (max-repairs-in-flight: "
          + config.maxRepairsInFlight() + ")");
    }
    String group = group(node);
    int groupCount = inFlightByGroup.getOrDefault(group, 0);
    if (groupCount >= config.maxRepairsInFlightPerGroup()) {
      return Optional.of(groupCount + " repairs are already under way in node group " + group
          + " (max-repairs-in-flight-per-group: " + config.maxRepairsInFlightPerGroup() + ")");
    }
    if (node.role() == NodeRole.MASTER) {
      if (mastersInFlight > 0) {
        return Optional.of("another master is being repaired; masters are repaired one at a time");
      }
      Optional<String> quorum = quorum();
      if (quorum.isPresent()) {
        return quorum;
      }
      mastersInFlight++;
    }
    inFlight++;
    admitted++;
    inFlightByGroup.merge(group, 1, Integer::sum);
    return Optional.empty();
  }

  /**
   * A master's etcd member may still be up even when the node fails a check, so repairing it takes
   * one member down. Refuse when the members that could still be up after that (all masters less
   * the others that are not healthy or under repair, less this one) fall below a majority. A
   * single-master cluster has nothing left to protect, so its master is repaired.
   */
  private Optional<String> quorum() {
    if (masters <= 1) {
      return Optional.empty();
    }
    int majority = masters / 2 + 1;
    int upAfterRepair = masters - mastersNotHealthy;
    if (upAfterRepair < majority) {
      return Optional.of("repairing this master would leave " + upAfterRepair + " of " + masters
          + " masters up, fewer than the " + majority + " etcd needs for quorum; a person must decide");
    }
    return Optional.empty();
  }

  private String group(NodeInfo node) {
    String label = node.labels().get(config.nodeGroupLabel());
    return label != null ? label : "default-" + node.role().configName();
  }
}
