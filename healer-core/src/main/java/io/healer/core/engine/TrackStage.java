package io.healer.core.engine;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.check.CheckId;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.UnhealthyTracker.Candidacy;
import io.healer.core.engine.UnhealthyTracker.Tracked;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The third stage: turns verdicts into each node's record ({@link UnhealthyTracker}) and finds the
 * repair candidates. It reports what changed about a node: a check that starts failing, a node that
 * becomes a candidate, a node that recovers, and the outcome of a repair the cloud accepted — done
 * when the node passes all its checks again, failed when it is still unhealthy once its time to
 * recover is over (when the engine escalates). Each accepted step gets one outcome.
 */
final class TrackStage {

  private final UnhealthyTracker tracker;
  private final Map<NodeRole, RoleChecks> roleChecks;
  private final HealerConfig config;
  private final NodeStates states;
  private final ReportStage report;
  private final GuardedHooks hooks;
  private final boolean countTimeBeforeWatching;

  TrackStage(HealerConfig config, Map<NodeRole, RoleChecks> roleChecks, NodeStates states, ReportStage report,
      GuardedHooks hooks, boolean countTimeBeforeWatching) {
    this.tracker = new UnhealthyTracker(roleChecks, config.healthyDuration());
    this.roleChecks = roleChecks;
    this.config = config;
    this.states = states;
    this.report = report;
    this.hooks = hooks;
    this.countTimeBeforeWatching = countTimeBeforeWatching;
  }

  /**
   * Tracks every judged node.
   *
   * @param judged this cycle's verdicts
   * @param floor no failure counts from before this instant (the end of an outage), or {@code null}
   * @return the repair candidates, in snapshot order
   */
  List<Candidate> track(Judgement judged, Instant floor) {
    List<Candidate> candidates = new ArrayList<>();
    for (NodeEvaluation evaluation : judged.evaluations()) {
      Candidate candidate = track(evaluation, judged.now(), floor);
      if (candidate != null) {
        candidates.add(candidate);
      }
    }
    return candidates;
  }

  private Candidate track(NodeEvaluation evaluation, Instant now, Instant floor) {
    NodeInfo node = evaluation.node();
    NodeRecord before = states.record(node.name());
    Tracked tracked = tracker.track(before, evaluation, now, floor,
        countTimeBeforeWatching ? null : states.watchingSince());
    for (CheckId check : tracked.newlyUnhealthy()) {
      report.emit(HealerEvent.builder(HealerEvent.Type.UNHEALTHY_DETECTED, node, now).check(check)
          .message(evaluation.verdicts().get(check).reason()).build());
    }
    if (tracked.recovered()) {
      states.notHeld(node.name());
      if (states.leader() && !config.dryRun()) {
        hooks.recovered(node, now);
      }
      String after = before != null && before.lastStep() != null ? " after " + verb(before.lastStep()) : "";
      report.emit(HealerEvent.builder(HealerEvent.Type.RECOVERED, node, now)
          .message("all checks pass again" + after).build());
    }
    reportOutcome(evaluation, before, tracked.recovered(), now);
    NodeRecord record = tracked.record();
    Candidate candidate = null;
    if (tracked.candidacy().isPresent()) {
      Candidacy why = tracked.candidacy().get();
      if (!record.candidateAnnounced()) {
        record = record.withCandidateAnnounced(true);
        report.emit(HealerEvent.builder(HealerEvent.Type.REPAIR_CANDIDATE, node, now).check(why.check())
            .message("unhealthy since " + why.since() + ": " + why.reason()).build());
      }
      candidate = new Candidate(node, why);
    }
    states.tracked(node, record);
    return candidate;
  }

  /**
   * The fast path ({@code repair-dead-servers-at-once}): the unhealthy nodes that are not candidates
   * yet but whose kubelet is silent and whose server the cloud reports SHUTOFF or ERROR. Their
   * failing check names the reason, and the failure counts from when it began, as for any candidate.
   *
   * @param judged this cycle's verdicts
   * @param candidates the candidates {@link #track} found; none of them is asked about again
   * @param cloud this cycle's answers from the cloud
   * @return the nodes to repair now, in snapshot order
   */
  List<Candidate> deadAtCloud(Judgement judged, List<Candidate> candidates, SecondOpinion.Cycle cloud) {
    java.util.Set<String> already = new java.util.HashSet<>();
    candidates.forEach(c -> already.add(c.name()));
    List<Candidate> early = new ArrayList<>();
    Instant now = judged.now();
    for (NodeEvaluation evaluation : judged.evaluations()) {
      NodeInfo node = evaluation.node();
      NodeRecord record = states.record(node.name());
      var failing = evaluation.firstUnhealthy();
      if (already.contains(node.name()) || record == null || record.givenUp() || failing.isEmpty()) {
        continue;
      }
      Instant since = record.unhealthySince().get(RoleChecks.key(failing.get().getKey()));
      if (since == null) {
        continue;
      }
      var dead = cloud.deadAtCloud(node);
      if (dead.isEmpty()) {
        continue;
      }
      Candidacy why = new Candidacy(failing.get().getKey(), failing.get().getValue().reason() + " (the cloud"
          + " reports its server " + dead.get() + ": repaired without waiting out unhealthy-duration,"
          + " repair-dead-servers-at-once)", since);
      if (!record.candidateAnnounced()) {
        states.store(node.name(), record.withCandidateAnnounced(true), true);
        report.emit(HealerEvent.builder(HealerEvent.Type.REPAIR_CANDIDATE, node, now).check(why.check())
            .message("unhealthy since " + why.since() + ": " + why.reason()).build());
      }
      early.add(new Candidate(node, why));
    }
    return early;
  }

  /**
   * The outcome of the last step the cloud accepted, once it is known: done when the node passes
   * all its checks again, failed when a check still finds it unhealthy once the step's time to
   * recover is over. Unknown verdicts decide nothing; nor do steps the cloud did not accept (they
   * were reported failed or skipped when it answered) and dry-run's simulated steps.
   */
  private void reportOutcome(NodeEvaluation evaluation, NodeRecord before, boolean recovered, Instant now) {
    RepairStep step = before == null ? null : before.lastStep();
    String name = evaluation.node().name();
    if (step == null || step.state() != RepairStep.State.STARTED || states.outcomeReported(name, step)) {
      return;
    }
    if (recovered) {
      states.claimOutcome(name, step);
      report.emit(HealerEvent.builder(HealerEvent.Type.REPAIR_DONE, evaluation.node(), now).action(step.action())
          .message("the " + verb(step) + " worked: all checks pass again " + Duration.between(step.at(), now)
              + " after it was asked (attempt " + step.attempt() + ")").build());
    } else if (evaluation.unhealthy() && !now.isBefore(step.waitUntil())) {
      states.claimOutcome(name, step);
      var failing = evaluation.firstUnhealthy().orElseThrow();
      report.emit(HealerEvent.builder(HealerEvent.Type.REPAIR_FAILED, evaluation.node(), now)
          .check(failing.getKey()).action(step.action())
          .message("the " + verb(step) + " the cloud accepted did not bring the node back by " + step.waitUntil()
              + " (attempt " + step.attempt() + "): " + failing.getValue().reason()).build());
    }
  }

  /**
   * The instants at which something a record holds changes by itself: a tracked failure reaches its
   * check's unhealthy-duration, a step's time to recover ends, a backoff ends, a recovered node's
   * healthy-duration ends. Records given up are left for a person and change no more.
   */
  Stream<Instant> dueTimes() {
    Stream.Builder<Instant> due = Stream.builder();
    for (Map.Entry<String, NodeRecord> e : states.records().entrySet()) {
      NodeRecord record = e.getValue();
      if (record.givenUp()) {
        continue;
      }
      NodeRole role = states.role(e.getKey());
      for (Map.Entry<String, Instant> since : record.unhealthySince().entrySet()) {
        Duration d = unhealthyDuration(role, since.getKey());
        if (d != null) {
          due.add(since.getValue().plus(d));
        }
      }
      RepairStep step = record.lastStep();
      if (step != null && step.underway()) {
        due.add(step.waitUntil());
      }
      if (record.notBefore() != null) {
        due.add(record.notBefore());
      }
      if (record.healthySince() != null) {
        due.add(record.healthySince().plus(config.healthyDuration()));
      }
    }
    return due.build();
  }

  /**
   * The unhealthy-duration of the check a record key names; of every role, the shortest, when the
   * role is not known yet; {@code null} when no check has that key.
   */
  private Duration unhealthyDuration(NodeRole role, String key) {
    if (role != null) {
      return roleChecks.get(role).unhealthyDuration(key).orElse(null);
    }
    // A record loaded from the ledger before its node was judged: the earlier guess only costs a cycle.
    return roleChecks.values().stream().flatMap(r -> r.unhealthyDuration(key).stream())
        .min(Comparator.naturalOrder()).orElse(null);
  }

  private static String verb(RepairStep step) {
    return step.action().name().toLowerCase(Locale.ROOT);
  }
}
