package io.healer.simulation;

import io.healer.api.NodeInfo;
import io.healer.core.Healer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One healer process of the simulation: its current incarnation and what it last saw. */
final class Instance {

  final int id;
  Healer healer;
  int incarnation;
  Instant restartAt;
  Disturbance.CrashPoint armed;
  Instant armedUntil;
  Duration downFor = Duration.ZERO;
  List<NodeInfo> snapshot;
  boolean snapshotStorming;
  Instant lastStormSeen;
  /** The first calm snapshot after a storm: the storm guard's cool-down counts from here. */
  Instant calmSince;
  /** The failure domains over max-unhealthy-per-zone in this instance's last snapshot. */
  java.util.Set<String> zonesOver = java.util.Set.of();
  /** Per domain, the first snapshot within the limit after it was over: its cool-down counts from here. */
  final java.util.Map<String, Instant> zoneCalmSince = new java.util.HashMap<>();
  /** The instant of this instance's pending extra cycle (its engine's next due), if any. */
  Instant extraAt;

  /** Whether this instance's storm guard holds repairs now, by its own snapshots. */
  boolean stormHolds(Instant now, java.time.Duration cooldown) {
    return snapshotStorming || calmSince != null && now.isBefore(calmSince.plus(cooldown));
  }

  /** Whether this instance's zone brake holds repairs in the domain now, by its own snapshots. */
  boolean zoneHolds(String domain, Instant now, java.time.Duration cooldown) {
    Instant calm = zoneCalmSince.get(domain);
    return zonesOver.contains(domain) || calm != null && now.isBefore(calm.plus(cooldown));
  }

  /** Takes in a snapshot's domains over the limit. */
  void zonesSeen(java.util.Set<String> over, Instant now) {
    for (String domain : zonesOver) {
      if (!over.contains(domain)) {
        zoneCalmSince.put(domain, now);
      }
    }
    over.forEach(zoneCalmSince::remove);
    zonesOver = over;
  }

  /** Forgets what a crashed process kept in memory of zones. */
  void forgetZones() {
    zonesOver = java.util.Set.of();
    zoneCalmSince.clear();
  }

  Instance(int id) {
    this.id = id;
  }

  boolean up() {
    return healer != null;
  }

  @Override
  public String toString() {
    return "healer-" + id + "#" + incarnation;
  }
}
