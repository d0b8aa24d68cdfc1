package io.healer.core.engine;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.NodeRole;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.RepairAction;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.RepairPlanner.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fifth stage: for each candidate, oldest failure first, the next step of its escalation
 * ladder ({@link RepairPlanner}: backoff, retries, given up), then the per-node safety rules
 * ({@link SecondOpinion}: a silent node the cloud reports running among many silent peers is a
 * likely partition; {@link SafetyGate}: opt-out, zone brake, repairs per hour, in-flight caps, one
 * master at a time, etcd quorum). What passes them all is planned for the act stage.
 */
final class PlanStage {

  private static final Logger log = LoggerFactory.getLogger(HealingEngine.class);

  private final HealerConfig config;
  private final RepairPlanner planner;
  private final RepairBudget budget;
  private final ZoneGuard zones;
  private final CloudProvider provider;
  private final NodeStates states;
  private final ReportStage report;
  private final SecondOpinion opinions;

  PlanStage(HealerConfig config, RepairPlanner planner, RepairBudget budget, ZoneGuard zones,
      CloudProvider provider, NodeStates states, ReportStage report) {
    this.config = config;
    this.planner = planner;
    this.budget = budget;
    this.zones = zones;
    this.provider = provider;
    this.states = states;
    this.report = report;
    this.opinions = new SecondOpinion(config, provider);
  }

  /** The second opinion, for the engine's fast path. */
  SecondOpinion opinions() {
    return opinions;
  }

  /** This instance just became the leader: the budget counts the starts its ledger holds. */
  void restore() {
    budget.restore(states.records());
  }

  /**
   * Plans the candidates' repairs.
   *
   * @param candidates this cycle's candidates; sorted in place, oldest failure first
   * @param judged this cycle's snapshot and verdicts
   * @return the repairs admitted, in that order
   */
  List<Planned> plan(List<Candidate> candidates, Judgement judged) {
    return plan(candidates, judged, opinions.cycle(judged.nodes(), states.records(), judged.now()));
  }

  /**
   * Plans the candidates' repairs with this cycle's second opinions.
   *
   * @param candidates this cycle's candidates; sorted in place, oldest failure first
   * @param judged this cycle's snapshot and verdicts
   * @param cloud the cycle's answers from the cloud, shared with the fast path
   * @return the repairs admitted, in that order
   */
  List<Planned> plan(List<Candidate> candidates, Judgement judged, SecondOpinion.Cycle cloud) {
    Instant now = judged.now();
    candidates.sort(Comparator.comparing((Candidate c) -> c.why().since()).thenComparing(Candidate::name));
    SafetyGate gate = new SafetyGate(config, zones, budget, judged.nodes(), judged.healthy(), states.records(), now);
    Map<NodeRole, List<RepairAction>> ladders = new EnumMap<>(NodeRole.class);
    List<Planned> admitted = new ArrayList<>();
    for (Candidate c : candidates) {
      String name = c.name();
      Decision decision = planner.plan(states.record(name),
          ladders.computeIfAbsent(c.node().role(), this::ladder), now);
      states.store(name, decision.record(), true);
      if (decision.gaveUp()) {
        report.emit(ReportStage.event(HealerEvent.Type.REPAIR_GIVEN_UP, c, now).message(decision.holdReason()).build());
        states.heldBecause(name, decision.holdReason());
        continue;
      }
      if (decision.waiting()) {
        log.debug("node {}: {}", name, decision.holdReason());
        continue;
      }
      if (decision.holdReason() != null) {
        report.skip(c, decision.holdReason(), now);
        continue;
      }
      SecondOpinion.Opinion opinion = cloud.judge(c.node());
      if (opinion.holds()) {
        report.skip(c, opinion.hold(), now);
        continue;
      }
      Optional<String> refused = gate.admit(c.node());
      if (refused.isPresent()) {
        report.skip(c, refused.get(), now);
        continue;
      }
      admitted.add(new Planned(c, decision.action(), decision.attempt(), opinion.note()));
    }
    return admitted;
  }

  /** When the repairs-per-hour ceiling next lets a repair go, if it is reached now. */
  Stream<Instant> dueTimes(Instant now) {
    return budget.nextFree(now).stream();
  }

  private List<RepairAction> ladder(NodeRole role) {
    try {
      return provider.supportedActions(role).stream().sorted().toList();
    } catch (RuntimeException e) {
      log.warn("the cloud provider could not say which repairs it supports for {}s", role.configName(), e);
      return List.of();
    }
  }
}
