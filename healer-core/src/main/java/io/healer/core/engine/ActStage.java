package io.healer.core.engine;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.UnhealthyTracker.Candidacy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sixth stage: carries the planned repairs out. In dry-run it only pretends and reports. Else
 * it asks the cloud whether repairs are allowed now, lets the hooks prepare each node (cordon,
 * drain), fences a worker whose drain left pods ({@link Fencing}), records each step in the ledger before the cloud is called, sends one request for all,
 * and records each node's answer: accepted ({@link HealerEvent.Type#REPAIR_SUCCEEDED}; whether the
 * repair worked is told later, see {@link TrackStage}), failed, busy or not supported.
 */
final class ActStage {

  private static final Logger log = LoggerFactory.getLogger(HealingEngine.class);

  private final HealerConfig config;
  private final CloudProvider provider;
  private final RepairPlanner planner;
  private final RepairBudget budget;
  private final NodeStates states;
  private final ReportStage report;
  private final GuardedHooks hooks;
  private final Fencing fencing;
  /** Asked again just before the cloud is called: either may change during a cycle. */
  private final BooleanSupplier mayGoOn;
  private final RepeatedFailure statusFailure =
      new RepeatedFailure(log, "the cloud provider could not tell the cluster's status");

  ActStage(HealerConfig config, CloudProvider provider, RepairPlanner planner, RepairBudget budget,
      NodeStates states, ReportStage report, GuardedHooks hooks, BooleanSupplier mayGoOn) {
    this.config = config;
    this.provider = provider;
    this.planner = planner;
    this.budget = budget;
    this.states = states;
    this.report = report;
    this.hooks = hooks;
    this.fencing = new Fencing(provider, hooks, config.fenceBeforeRebuild(), config.fenceTimeout());
    this.mayGoOn = mayGoOn;
  }

  /**
   * Carries out the admitted repairs.
   *
   * @return how many repairs were asked of the cloud
   */
  int act(List<Planned> admitted, Instant now) {
    if (admitted.isEmpty()) {
      return 0;
    }
    if (config.dryRun()) {
      admitted.forEach(p -> simulate(p, now));
      return 0;
    }
    ClusterStatus status = clusterStatus();
    if (!status.allowsRepair()) {
      admitted.forEach(p -> report.skip(p.candidate(), "the cloud does not allow repairs now: " + status, now));
      return 0;
    }
    return start(admitted, now);
  }

  private void simulate(Planned p, Instant now) {
    RepairStep step = new RepairStep(p.action(), RepairStep.State.SIMULATED, now,
        now.plus(planner.recoveryTime(p.action())), p.attempt());
    states.store(p.name(), states.record(p.name()).withStep(step).withNotBefore(null), false);
    budget.started(p.name(), now);
    report.skip(p.candidate(), "dry-run: would " + verb(p.action()) + " the node (attempt " + p.attempt() + ")", now);
  }

  private int start(List<Planned> admitted, Instant now) {
    List<RepairTarget> targets = new ArrayList<>();
    Map<String, Planned> byName = new HashMap<>();
    for (Planned p : admitted) {
      String name = p.name();
      if (!mayGoOn.getAsBoolean()) {
        report.skip(p.candidate(), "leadership was lost or healing paused during the cycle", now);
        continue;
      }
      RepairHooks.Readiness readiness = hooks.prepare(p.candidate().node(), p.action(), now);
      if (!readiness.isReady()) {
        report.skip(p.candidate(), "preparing the " + verb(p.action()) + ": " + readiness.reason(), now);
        continue;
      }
      String fenced = "";
      if (fencing.applies(p.candidate().node(), p.action(), readiness)) {
        Fencing.Decision decision = fencing.fence(p.candidate().node(), now);
        if (!decision.goOn()) {
          report.skip(p.candidate(), "fencing before the " + verb(p.action()) + " (" + readiness.podsLeft() + "): "
              + decision.note(), now);
          continue;
        }
        fenced = "; " + decision.note();
      }
      RepairStep step = new RepairStep(p.action(), RepairStep.State.REQUESTED, now,
          now.plus(planner.recoveryTime(p.action())), p.attempt());
      String escalation = escalation(states.record(name).lastStep());
      try {
        states.storeBeforeCloud(name, states.record(name).withStep(step).withNotBefore(null));
      } catch (RuntimeException e) {
        log.warn("could not record the repair of {} before calling the cloud", name, e);
        report.skip(p.candidate(), "could not record the repair step before calling the cloud: "
            + e.getClass().getSimpleName(), now);
        continue;
      }
      budget.started(name, now);
      Candidacy why = p.candidate().why();
      targets.add(new RepairTarget(p.candidate().node(), p.action(), why.check().display() + ": " + why.reason(),
          p.attempt()));
      byName.put(name, p);
      states.notHeld(name);
      report.emit(ReportStage.event(HealerEvent.Type.REPAIR_STARTED, p.candidate(), now).action(p.action())
          .message("attempt " + p.attempt() + escalation + ", unhealthy since " + why.since() + ": " + why.reason()
              + p.opinion() + fenced)
          .build());
    }
    if (targets.isEmpty()) {
      return 0;
    }

    List<RepairResult> results;
    try {
      results = provider.repair(new RepairRequest(targets, now));
    } catch (RuntimeException e) {
      // The request may have reached the cloud: the steps stay REQUESTED, so they are not repeated.
      log.warn("the cloud provider failed while repairing {}", byName.keySet(), e);
      for (Planned p : byName.values()) {
        report.emit(ReportStage.event(HealerEvent.Type.REPAIR_FAILED, p.candidate(), now).action(p.action())
            .message("the provider failed (" + e.getClass().getSimpleName()
                + "); the repair may have reached the cloud, so it is not repeated before "
                + states.record(p.name()).lastStep().waitUntil()).build());
      }
      return targets.size();
    }

    Map<String, RepairResult> resultByName = new HashMap<>();
    for (RepairResult r : results == null ? List.<RepairResult>of() : results) {
      resultByName.putIfAbsent(r.nodeName(), r);
    }
    for (Planned p : byName.values()) {
      recordResult(p, resultByName.get(p.name()), now);
    }
    return targets.size();
  }

  private void recordResult(Planned p, RepairResult result, Instant now) {
    String name = p.name();
    NodeRecord record = planner.apply(states.record(name), result, now);
    states.store(name, record, true);
    String detail = result == null ? "the provider gave no result for this node" : result.reason();
    HealerEvent.Builder event;
    if (result != null && result.isSuccess()) {
      hooks.started(p.candidate().node(), p.action(), now);
      event = ReportStage.event(HealerEvent.Type.REPAIR_SUCCEEDED, p.candidate(), now).message(
          "the cloud " + (result.status() == RepairResult.Status.DONE ? "completed" : "accepted") + " the "
              + verb(p.action()) + (detail.isEmpty() ? "" : ": " + detail)
              + "; the node has until " + record.lastStep().waitUntil() + " to recover");
    } else if (result != null && result.status() == RepairResult.Status.NOT_SUPPORTED) {
      budget.returned(name, now);
      event = ReportStage.event(HealerEvent.Type.REPAIR_SKIPPED, p.candidate(), now).message(
          "the provider cannot " + verb(p.action()) + " this node: " + detail + "; the next action follows");
    } else if (result != null && result.status() == RepairResult.Status.RETRY_LATER) {
      budget.returned(name, now);
      event = ReportStage.event(HealerEvent.Type.REPAIR_SKIPPED, p.candidate(), now).message(
          "the cloud is busy: " + detail + "; asking again after " + record.notBefore());
    } else {
      event = ReportStage.event(HealerEvent.Type.REPAIR_FAILED, p.candidate(), now).message(detail
          + (record.givenUp() ? "" : "; failure " + record.failures() + " of " + config.repairRetries()
              + " allowed, next try after " + record.notBefore()));
    }
    report.emit(event.action(p.action()).build());
    if (record.givenUp()) {
      String reason = "given up after " + record.failures() + " failed repairs (repair-retries: "
          + config.repairRetries() + "); the node needs a person";
      states.heldBecause(name, reason);
      report.emit(ReportStage.event(HealerEvent.Type.REPAIR_GIVEN_UP, p.candidate(), now).message(reason).build());
    }
  }

  private ClusterStatus clusterStatus() {
    try {
      ClusterStatus status = provider.clusterStatus();
      statusFailure.succeeded();
      return status == null ? ClusterStatus.unknown("the provider gave no status") : status;
    } catch (RuntimeException e) {
      statusFailure.failed(e);
      return ClusterStatus.unknown("the provider failed: " + e.getClass().getSimpleName());
    }
  }

  /** Why this step follows the last one, for people reading the event. */
  private static String escalation(RepairStep previous) {
    if (previous == null) {
      return "";
    }
    return switch (previous.state()) {
      case REQUESTED, STARTED, SIMULATED -> " (still unhealthy after the " + verb(previous.action()) + ")";
      case FAILED -> " (the " + verb(previous.action()) + " failed)";
      case NOT_SUPPORTED -> " (the provider cannot " + verb(previous.action()) + " this node)";
      case RETRY_LATER -> " (the cloud was busy)";
    };
  }

  static String verb(RepairAction action) {
    return action.name().toLowerCase(Locale.ROOT);
  }
}
