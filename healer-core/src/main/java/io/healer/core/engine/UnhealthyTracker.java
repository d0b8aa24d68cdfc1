package io.healer.core.engine;

import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.CheckId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tracks, per node and check (each configured check on its own, also two of one type), since when
 * the check has judged the node unhealthy, and decides when a node becomes a repair candidate
 * (failing one check for at least its unhealthy-duration) and when a recovered node's history is
 * forgotten (healthy for healthy-duration).
 *
 * <p>Unknown verdicts neither start nor clear a failure: the time stands still for them, and a node
 * whose failing check says unknown is not a candidate in that cycle.
 */
final class UnhealthyTracker {

  /** The outcome of tracking one node in one cycle. */
  record Tracked(
      NodeRecord record, List<CheckId> newlyUnhealthy, boolean recovered, Optional<Candidacy> candidacy) {}

  /** Why a node is a repair candidate: the first check, in config order, failing long enough. */
  record Candidacy(CheckId check, String reason, Instant since) {}

  private final Map<NodeRole, RoleChecks> checks;
  private final Duration healthyDuration;

  UnhealthyTracker(Map<NodeRole, RoleChecks> checks, Duration healthyDuration) {
    this.checks = Map.copyOf(checks);
    this.healthyDuration = healthyDuration;
  }

  /**
   * @param record the node's record, or {@code null} if it has none
   * @param evaluation this cycle's verdicts
   * @param now the cycle's time
   * @param floor no failure counts from before this instant (the end of an API outage), or {@code null}
   * @param watchingSince a failure the record does not hold counts from no earlier than this
   *     instant (since when this instance has watched, as leader or follower), or {@code null}:
   *     a node that went NotReady while no healer watched (a crash, a leader gap, an outage a
   *     restart hid) may be cut off by a partition that is ending, so it gets its full
   *     unhealthy-duration under watch
   * @return the new record ({@code null} when there is nothing to remember) and what changed
   */
  Tracked track(NodeRecord record, NodeEvaluation evaluation, Instant now, Instant floor, Instant watchingSince) {
    NodeRecord current = record;
    if (current == null) {
      if (!evaluation.unhealthy()) {
        return new Tracked(null, List.of(), false, Optional.empty());
      }
      current = NodeRecord.start(evaluation.node().uid().orElse(null));
    }

    Map<CheckId, Instant> remembered =
        checks.getOrDefault(evaluation.node().role(), RoleChecks.NONE).remembered(current);
    Map<String, Instant> since = new HashMap<>();
    List<CheckId> newlyUnhealthy = new ArrayList<>();
    for (Map.Entry<CheckId, Verdict> e : evaluation.verdicts().entrySet()) {
      String key = RoleChecks.key(e.getKey());
      Instant previous = remembered.get(e.getKey());
      Verdict verdict = e.getValue();
      if (verdict.isUnhealthy()) {
        // The check's own start wins when it gives one: a later start than remembered means the
        // node recovered in between, unseen, and this is a new failure that must not inherit the
        // old one's time (the Go healer, too, judges only the current transition time).
        Instant claimed = verdict.failingSince().map(t -> t.isAfter(now) ? now : t).orElse(null);
        // An earlier claim than remembered is the remembered failure: its record may carry a floor.
        Instant start = claimed != null && (previous == null || claimed.isAfter(previous)) ? claimed
            : previous != null ? previous : now;
        if (floor != null && start.isBefore(floor)) {
          start = floor;
        }
        if (watchingSince != null && !start.equals(previous) && start.isBefore(watchingSince)) {
          start = watchingSince;
        }
        since.put(key, start);
        if (previous == null) {
          newlyUnhealthy.add(e.getKey());
        }
      } else if (verdict.isUnknown() && previous != null) {
        since.put(key, floor != null && previous.isBefore(floor) ? floor : previous);
      }
    }
    current = current.withUnhealthySince(since);

    boolean recovered = false;
    if (evaluation.healthy()) {
      if (current.healthySince() == null) {
        current = current.withHealthySince(now);
        recovered = true;
      }
      if (!now.isBefore(current.healthySince().plus(healthyDuration))) {
        return new Tracked(null, List.of(), recovered, Optional.empty());
      }
    } else if (evaluation.unhealthy() && current.healthySince() != null) {
      current = current.withHealthySince(null).withCandidateAnnounced(false);
    }

    return new Tracked(current, newlyUnhealthy, recovered, candidacy(evaluation, since, now));
  }

  private Optional<Candidacy> candidacy(NodeEvaluation evaluation, Map<String, Instant> since, Instant now) {
    for (RoleChecks.Entry check : checks.getOrDefault(evaluation.node().role(), RoleChecks.NONE).entries()) {
      Verdict verdict = evaluation.verdicts().get(check.id());
      Instant start = since.get(RoleChecks.key(check.id()));
      if (verdict != null && verdict.isUnhealthy() && start != null
          && !now.isBefore(start.plus(check.unhealthyDuration()))) {
        return Optional.of(new Candidacy(check.id(), verdict.reason(), start));
      }
    }
    return Optional.empty();
  }
}
