package io.healer.core.engine;

import io.healer.api.NodeRole;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.StormGuard.RoleCount;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The fourth stage: the holds that apply to the whole cycle. Healing disabled in config, the pause
 * switch, not being the leader, and the storm guard ({@link StormGuard}) hold every repair; a likely
 * outage of a failure domain ({@link ZoneGuard}) holds that domain's. Both guards see every cycle,
 * held or not, so that a cool-down starts when the storm or outage really ends.
 */
final class GateStage {

  private final HealerConfig config;
  private final StormGuard storm;
  private final ZoneGuard zones;
  private final BooleanSupplier paused;
  private final NodeStates states;
  /** Whether the zone guard takes in the ledger's self-recoveries in the next cycle that reads nodes. */
  private boolean restoreZones;

  GateStage(HealerConfig config, StormStateStore stormStore, BooleanSupplier paused, NodeStates states) {
    this.config = config;
    this.storm = new StormGuard(config, stormStore);
    this.zones = new ZoneGuard(config);
    this.paused = paused;
    this.states = states;
  }

  /** This instance just became the leader: the guards take in what a predecessor left. */
  void restore(Instant now) {
    storm.load(now);
    restoreZones = true;
  }

  /**
   * Updates both guards with this cycle's counts.
   *
   * @return why every repair is held this cycle, or empty when the per-node rules decide
   */
  Optional<String> hold(Judgement judged) {
    Instant now = judged.now();
    zones.update(judged.nodes(), judged.unhealthy(), restoreZones ? selfRecovered(now) : Map.of(), now);
    restoreZones = false;
    Map<NodeRole, RoleCount> counts = new EnumMap<>(NodeRole.class);
    judged.unhealthyByRole().forEach((role, unhealthy) -> counts.put(role, new RoleCount(judged.total(role), unhealthy)));
    String stormHold = storm.update(counts, now).orElse(null);
    if (states.leader() && !config.dryRun()) {
      storm.save();
    }
    if (!config.healingEnabled()) {
      return Optional.of("healing is disabled in the config (healing-enabled: false)");
    }
    if (paused.getAsBoolean()) {
      return Optional.of("healing is paused");
    }
    if (!states.leader()) {
      return Optional.of("this instance is not the leader");
    }
    return Optional.ofNullable(stormHold);
  }

  /** Whether healing was paused in the meantime. */
  boolean paused() {
    return paused.getAsBoolean();
  }

  /** The failure domains held as outages now, with why. */
  List<String> outages() {
    return zones.outages();
  }

  /** The per-domain brake, for the safety gate of each node. */
  ZoneGuard zones() {
    return zones;
  }

  /** When the storm guard's or a domain's cool-down ends. */
  Stream<Instant> dueTimes() {
    return Stream.concat(storm.coolDownEnds().stream(), zones.coolDownEnds().stream());
  }

  /**
   * The nodes whose records say they recovered by themselves (no repair step) within storm-cooldown,
   * with when: what a previous leader saw of a zone outage that is ending (see {@link ZoneGuard}).
   */
  private Map<String, Instant> selfRecovered(Instant now) {
    Map<String, Instant> recovered = new HashMap<>();
    states.records().forEach((name, record) -> {
      Instant since = record.healthySince();
      if (since != null && record.lastStep() == null && now.isBefore(since.plus(config.stormCooldown()))) {
        recovered.put(name, since);
      }
    });
    return recovered;
  }
}
