package io.healer.core.engine;

import io.healer.api.NodeRole;
import io.healer.core.config.HealerConfig;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses all repairs while more nodes of a role are unhealthy than its {@code max-unhealthy}
 * allows, and for {@code storm-cooldown} after that. Many failures at once mean something
 * cluster-wide (a partition, an API or network outage): repairing machines would make it worse.
 *
 * <p>Its state lives in memory: after a restart during a storm the counts trip it again at once.
 */
final class StormGuard {

  /** Nodes of one role: how many exist and how many are unhealthy now. */
  record RoleCount(int total, int unhealthy) {}

  private final HealerConfig config;
  private boolean storming;
  private Instant calmSince;

  StormGuard(HealerConfig config) {
    this.config = config;
  }

  /**
   * Updates the guard with this cycle's counts.
   *
   * @return why repairs are refused now, or empty when they may go on
   */
  Optional<String> update(Map<NodeRole, RoleCount> counts, Instant now) {
    for (NodeRole role : NodeRole.values()) {
      RoleCount count = counts.getOrDefault(role, new RoleCount(0, 0));
      int allowed = config.maxUnhealthy(role).allowed(count.total());
      if (count.unhealthy() > allowed) {
        storming = true;
        calmSince = null;
        return Optional.of(String.format(
            "storm guard: %d of %d %ss are unhealthy, more than the %d allowed (max-unhealthy-%ss: %s)",
            count.unhealthy(), count.total(), role.configName(), allowed, role.configName(),
            config.maxUnhealthy(role)));
      }
    }
    if (storming) {
      storming = false;
      calmSince = now;
    }
    if (calmSince != null) {
      Instant until = calmSince.plus(config.stormCooldown());
      if (now.isBefore(until)) {
        return Optional.of("storm guard: cooling down after a storm until " + until
            + " (storm-cooldown: " + config.stormCooldown() + ")");
      }
      calmSince = null;
    }
    return Optional.empty();
  }

  /** When the current cool-down ends, if the guard is cooling down after a storm. */
  Optional<Instant> coolDownEnds() {
    return storming || calmSince == null ? Optional.empty() : Optional.of(calmSince.plus(config.stormCooldown()));
  }
}
