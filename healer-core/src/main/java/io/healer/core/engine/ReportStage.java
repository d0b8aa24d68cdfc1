package io.healer.core.engine;

import io.healer.api.embedding.CycleSummary;
import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.CheckId;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ClusterHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage, and the one way out of the engine for what it decides: events to the listeners
 * (only as the leader: a follower decides nothing), a held-back repair reported once per reason,
 * verdicts, the cluster's health to the provider when it changed, and the cycle summary.
 */
final class ReportStage {

  private static final Logger log = LoggerFactory.getLogger(HealingEngine.class);

  private final Listeners listeners;
  private final CloudProvider provider;
  private final Clock clock;
  private final boolean dryRun;
  private final NodeStates states;
  private final RepeatedFailure healthReportFailure =
      new RepeatedFailure(log, "the cloud provider could not take the cluster's health report");
  private List<List<String>> lastReportedHealth;

  ReportStage(List<HealerListener> listeners, CloudProvider provider, Clock clock, boolean dryRun, NodeStates states) {
    this.listeners = new Listeners(listeners);
    this.provider = provider;
    this.clock = clock;
    this.dryRun = dryRun;
    this.states = states;
  }

  /** Starts an event about a candidate, naming the check that made it one. */
  static HealerEvent.Builder event(HealerEvent.Type type, Candidate c, Instant now) {
    return HealerEvent.builder(type, c.node(), now).check(c.why().check());
  }

  /** Reports a decision, when this instance leads. */
  void emit(HealerEvent event) {
    if (states.leader()) {
      listeners.onEvent(event);
    }
  }

  /** Reports that a candidate's repair is held back, unless it was for the same reason last time. */
  void skip(Candidate c, String reason, Instant now) {
    if (states.heldBecause(c.name(), reason)) {
      emit(event(HealerEvent.Type.REPAIR_SKIPPED, c, now).message(reason).build());
    }
  }

  /** Reports one check's verdict on one node, as every instance does. */
  void verdict(NodeInfo node, CheckId check, Verdict verdict) {
    listeners.onVerdict(node, check, verdict);
  }

  /** Tells the provider which nodes are unhealthy, as the leader outside dry-run and when it changed. */
  void health(Judgement judged) {
    if (!states.leader() || dryRun) {
      return;
    }
    Instant now = judged.now();
    List<ClusterHealth.UnhealthyNode> unhealthy = new ArrayList<>();
    for (NodeEvaluation e : judged.evaluations()) {
      e.firstUnhealthy().ifPresent(first -> {
        NodeRecord record = states.record(e.node().name());
        Instant since = record == null ? now
            : record.unhealthySince().getOrDefault(RoleChecks.key(first.getKey()), now);
        unhealthy.add(new ClusterHealth.UnhealthyNode(e.node().name(), e.node().role(), first.getKey().display(),
            first.getValue().reason(), since));
      });
    }
    unhealthy.sort(Comparator.comparing(ClusterHealth.UnhealthyNode::name));
    List<List<String>> key = unhealthy.stream().map(u -> List.of(u.name(), u.check(), u.reason())).toList();
    if (key.equals(lastReportedHealth)) {
      return;
    }
    try {
      provider.reportClusterHealth(new ClusterHealth(unhealthy, now));
      lastReportedHealth = key;
      healthReportFailure.succeeded();
    } catch (RuntimeException e) {
      healthReportFailure.failed(e);
    }
  }

  /** Ends a cycle whose nodes could not be read. */
  CycleSummary unavailable(Instant start, String why) {
    return summary(new CycleSummary(start, took(start), 0, 0, 0, 0, 0, why));
  }

  /**
   * Ends a cycle.
   *
   * @param requested repairs asked of the cloud
   * @param held why repairs were held back, or empty
   */
  CycleSummary finish(Instant start, Judgement judged, int requested, String held) {
    Map<NodeRole, Integer> unhealthy = judged.unhealthyByRole();
    return summary(new CycleSummary(start, took(start), judged.nodes().size(), unhealthy.get(NodeRole.MASTER),
        unhealthy.get(NodeRole.WORKER), judged.unknown(), requested, held));
  }

  private Duration took(Instant start) {
    return Duration.between(start, clock.instant());
  }

  private CycleSummary summary(CycleSummary summary) {
    listeners.onCycle(summary);
    return summary;
  }
}
