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
 * <p>Its {@link #state()} is what the engine keeps in a {@link StormStateStore}; {@link #restore}
 * takes a stored state in, so that a restart or a new leader does not shorten a cool-down.
 */
final class StormGuard {

  /** Nodes of one role: how many exist and how many are unhealthy now. */
  record RoleCount(int total, int unhealthy) {}

  private final HealerConfig config;
  private Instant stormSince;
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
        if (stormSince == null) {
          stormSince = now;
        }
        calmSince = null;
        return Optional.of(String.format(
            "storm guard: %d of %d %ss are unhealthy, more than the %d allowed (max-unhealthy-%ss: %s)",
            count.unhealthy(), count.total(), role.configName(), allowed, role.configName(),
            config.maxUnhealthy(role)));
      }
    }
    if (stormSince != null) {
      stormSince = null;
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

  /**
   * Takes in a state kept elsewhere (by a previous process or leader), keeping whichever of the
   * two holds repairs back longer: a storm under way wins over a cool-down, and of two cool-downs
   * the later one wins. A stored storm that has ended meanwhile cools down from the first calm
   * cycle this guard sees, since the guard cannot know when it ended.
   */
  void restore(StormState stored) {
    if (stored.stormSince().isPresent()) {
      Instant since = stored.stormSince().get();
      stormSince = stormSince == null || since.isBefore(stormSince) ? since : stormSince;
      calmSince = null;
    } else if (stored.stormEndedAt().isPresent() && stormSince == null) {
      Instant ended = stored.stormEndedAt().get();
      calmSince = calmSince == null || ended.isAfter(calmSince) ? ended : calmSince;
    }
  }

  /** What the guard remembers now. */
  StormState state() {
    if (stormSince != null) {
      return StormState.storming(stormSince);
    }
    return calmSince != null ? StormState.coolingDown(calmSince) : StormState.calm();
  }

  /** When the current cool-down ends, if the guard is cooling down after a storm. */
  Optional<Instant> coolDownEnds() {
    return stormSince != null || calmSince == null ? Optional.empty() : Optional.of(calmSince.plus(config.stormCooldown()));
  }
}
