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
  /** The instant of this instance's pending extra cycle (its engine's next due), if any. */
  Instant extraAt;

  /** Whether this instance's storm guard holds repairs now, by its own snapshots. */
  boolean stormHolds(Instant now, java.time.Duration cooldown) {
    return snapshotStorming || calmSince != null && now.isBefore(calmSince.plus(cooldown));
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
