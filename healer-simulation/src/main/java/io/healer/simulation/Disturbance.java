package io.healer.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One thing the scenario does to the world at a given time; the simulation turns it into effects. */
sealed interface Disturbance {

  /** When it starts. */
  Instant at();

  /** A machine fault: what the kubelet shows and which repairs fix it. */
  enum MachineFault {
    /** The kubelet died or the machine hung: any repair fixes it. */
    KUBELET_DEATH,
    /** A corrupt root disk: a rebuild or a replace fixes it; etcd on a master dies with it. */
    DISK,
    /** Broken hardware: only a replace fixes it; etcd on a master dies with it. */
    HARDWARE,
    /**
     * A worker whose server is off at the cloud (Nova SHUTOFF: its guest crashed and the hypervisor
     * stopped it) and whose pods were never drained, with a damaged root disk: a reboot brings the
     * server up (ACTIVE) still broken, a rebuild or a replace fixes it. Drawn for workers only.
     */
    OFF_UNDRAINED
  }

  /** How a cloud API misbehaves for a while. */
  enum CloudTrouble {
    /** Calls time out; a timed-out repair reached Magnum or not, by a coin toss. */
    TIMEOUT,
    /** Magnum answers 500/503. */
    SERVER_ERROR,
    /** Magnum answers 409 Conflict to repairs (another operation holds the stack). */
    CONFLICT,
    /** The Keystone token expired: the first call fails with 401, the provider re-authenticates. */
    TOKEN_EXPIRY,
    /** The cluster is UPDATE_IN_PROGRESS: no repair may start. */
    BUSY,
    /** The cluster's auto_healing_enabled label was switched off: nothing may happen. */
    DISABLED
  }

  /** Where a crash of the leading healer process hits. */
  enum CrashPoint {
    /** Between two cycles. */
    BETWEEN_CYCLES,
    /** After the repair step was recorded, before the cloud was called. */
    AFTER_RECORD,
    /** After the cloud received the repair, before its answer was recorded. */
    AFTER_SEND
  }

  /** A node's machine breaks; it may recover by itself after {@code selfRecovery} (null: never). */
  record Breakage(Instant at, String node, MachineFault fault, Duration selfRecovery) implements Disturbance {}

  /** A master's API server dies (its kubelet still reports Ready); null selfRecovery: never. */
  record ApiServerDeath(Instant at, String master, Duration selfRecovery) implements Disturbance {}

  /** A sound node's Ready flips every {@code period} for {@code length}. */
  record Flapping(Instant at, String node, Duration period, Duration length) implements Disturbance {}

  /**
   * The listed nodes are cut off from the control plane for {@code length}; each heals up to a
   * minute apart. A {@code storm} partition cuts off more workers than the storm guard allows
   * (counted among the workers healer judges when it starts); any other is shorter than
   * unhealthy-duration.
   */
  record Partition(Instant at, List<String> nodes, Duration length, boolean storm) implements Disturbance {}

  /**
   * Most of one worker node group's workers go silent at once for {@code length} (the group is
   * their failure domain: they carry no zone label): more of them than {@code
   * max-unhealthy-per-zone} allows, counted at run time among the workers healer judges. The
   * machines are sound; each reconnects up to a minute apart.
   */
  record ZoneOutage(Instant at, String group, Duration length) implements Disturbance {}

  /**
   * A hypervisor dies: the servers of one host (the judged workers on it that are sound and up,
   * picked at run time, two or more) go silent at once, broken until a repair brings each back (as
   * a kubelet death: any repair does). While one of them is still broken the cloud reports the host
   * {@code DOWN} (where it shows host state) and the servers still {@code ACTIVE}, as Nova does.
   */
  record HostOutage(Instant at) implements Disturbance {}

  /**
   * The network of one host is cut off (a top-of-rack switch): its judged sound workers, at least
   * {@code partition-min-silent} of them, go silent for {@code length}, longer than
   * unhealthy-duration, while the cloud reports them {@code ACTIVE} on a host {@code UP}. Drawn only
   * in seeds where the cloud shows host state: without it no healer could tell this from dead
   * machines. The machines are sound; each reconnects up to a minute apart.
   */
  record HostPartition(Instant at, Duration length) implements Disturbance {}

  /** The node watch drops for {@code length}: the source throws, or (stale) serves its last snapshot. */
  record WatchDrop(Instant at, Duration length, boolean stale) implements Disturbance {}

  /** The cloud API misbehaves for {@code length}. */
  record CloudOutage(Instant at, Duration length, CloudTrouble trouble) implements Disturbance {}

  /** The leading healer process crashes at the given point and is restarted {@code down} later. */
  record Crash(Instant at, CrashPoint point, Duration down) implements Disturbance {}

  /** Leadership moves to the other instance after a gap with no leader. */
  record LeaderChange(Instant at, Duration gap) implements Disturbance {}

  /** An operator pauses healing for {@code length}. */
  record Pause(Instant at, Duration length) implements Disturbance {}
}
