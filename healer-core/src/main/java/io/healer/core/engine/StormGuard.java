package io.healer.core.engine;

import io.healer.api.NodeRole;
import io.healer.core.config.HealerConfig;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses all repairs while more nodes of a role are unhealthy than its {@code max-unhealthy}
 * allows, and for {@code storm-cooldown} after that. Many failures at once mean something
 * cluster-wide (a partition, an API or network outage): repairing machines would make it worse.
 *
 * <p>The one place of the storm state: its {@link #state()} is what it keeps in a {@link
 * StormStateStore} ({@link #save()}); {@link #load} takes the stored state in, so that a restart or
 * a new leader does not shorten a cool-down.
 */
final class StormGuard {

  private static final Logger log = LoggerFactory.getLogger(HealingEngine.class);

  /** Nodes of one role: how many exist and how many are unhealthy now. */
  record RoleCount(int total, int unhealthy) {}

  private final HealerConfig config;
  private final StormStateStore store;
  private Instant stormSince;
  private Instant calmSince;
  /** The state last written to the store, or null when it must be written (again). */
  private StormState saved;

  StormGuard(HealerConfig config, StormStateStore store) {
    this.config = config;
    this.store = store;
  }

  /**
   * Takes in the state a previous process or leader stored (see {@link #restore}). When it cannot
   * be read, the guard cools down from now: a storm this instance did not see cannot be ruled out.
   */
  void load(Instant now) {
    StormState stored;
    try {
      stored = store.load().orElse(StormState.calm());
    } catch (RuntimeException e) {
      log.warn("could not read the storm guard's state; cooling down until {} to be safe",
          now.plus(config.stormCooldown()), e);
      stored = StormState.coolingDown(now);
    }
    if (!stored.isCalm()) {
      log.info("storm guard restored: {}", stored);
    }
    restore(stored);
    saved = stored;
  }

  /** Writes the state when it changed since the last write; a failed write is tried again next time. */
  void save() {
    StormState state = state();
    if (state.equals(saved)) {
      return;
    }
    try {
      store.save(state);
      saved = state;
    } catch (RuntimeException e) {
      log.warn("could not store the storm guard's state ({}); a restart now would not know it", state, e);
    }
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
