package io.healer.simulation;

import io.healer.api.NodeRole;
import io.healer.api.cloud.RepairAction;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * One failure by ground truth: from the moment a node's machine broke (or its API server died)
 * until the machine is sound again. Mutable; owned by one simulation thread.
 */
final class Episode {

  /** What broke. */
  enum Cause {
    KUBELET_DEATH(RepairAction.REBOOT),
    DISK(RepairAction.REBUILD),
    HARDWARE(RepairAction.REPLACE),
    API_SERVER(RepairAction.REBOOT),
    OFF_UNDRAINED(RepairAction.REBUILD);

    /** The gentlest action that fixes it. */
    final RepairAction needs;

    Cause(RepairAction needs) {
      this.needs = needs;
    }

    /** Whether the action fixes it: any action at or above the one it needs. */
    boolean fixedBy(RepairAction action) {
      return action.compareTo(needs) >= 0;
    }

    /** Whether a master's etcd member goes down with it. */
    boolean stopsEtcd() {
      return this == DISK || this == HARDWARE;
    }

    /** Whether the kubelet stops posting (so the node lifecycle controller's grace applies). */
    boolean silencesKubelet() {
      return this != API_SERVER;
    }

    static Cause of(Disturbance.MachineFault fault) {
      return switch (fault) {
        case KUBELET_DEATH -> KUBELET_DEATH;
        case DISK -> DISK;
        case HARDWARE -> HARDWARE;
        case OFF_UNDRAINED -> OFF_UNDRAINED;
      };
    }
  }

  final int id;
  final String node;
  final NodeRole role;
  final String group;
  final Cause cause;
  final Instant start;
  /** When healer could first call the node a candidate (grace, unhealthy-duration, check delay, outages). */
  Instant eligibleAt;
  /** The unhealthy-duration of the quickest check that sees this cause. */
  final Duration minUnhealthy;
  Instant end;
  /** Extra time the bound grants for the cycles in which a rule legitimately held the repair. */
  Duration allowance = Duration.ZERO;
  /**
   * The node's previous failure, until a leader first sees this one: then healer either still
   * keeps that failure's history (this one inherits its spent retries and escalation) or forgot it.
   */
  Episode history;
  /** The failed repairs healer's retry budget had already spent on this node when it broke. */
  int inheritedFailures;
  int failures;
  /** No new repair of this node before then (backoff, busy cloud, a step that may be under way). */
  Instant holdUntil;
  Instant firstRequest;
  boolean firstRequestClean;
  /** Whether check-delay-after-add (a node too new to be checked, such as a replacement) pushed eligibleAt. */
  boolean checkDelayed;
  /** Whether a new leader took over before the first request (its own first snapshot starts the timers). */
  boolean leaderChanged;
  Instant fixingRequest;
  boolean boundViolated;
  final Map<RepairAction, Integer> carriedOut = new EnumMap<>(RepairAction.class);

  Episode(int id, String node, NodeRole role, String group, Cause cause, Instant start, Instant eligibleAt,
      Duration minUnhealthy) {
    this.id = id;
    this.node = node;
    this.role = role;
    this.group = group;
    this.cause = cause;
    this.start = start;
    this.eligibleAt = eligibleAt;
    this.minUnhealthy = minUnhealthy;
  }

  boolean open() {
    return end == null;
  }

  /** Whether healer's retry budget is used up, so the node is left for a person by rule. */
  boolean givenUpByRule(int repairRetries) {
    return inheritedFailures + failures > repairRetries;
  }

  @Override
  public String toString() {
    return "episode " + id + " (" + node + ": " + cause.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + " at " + start + (end == null ? ", still open" : ", fixed at " + end) + ")";
  }
}
