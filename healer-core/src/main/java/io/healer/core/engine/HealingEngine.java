package io.healer.core.engine;

import io.healer.api.CycleSummary;
import io.healer.api.HealerEvent;
import io.healer.api.HealerListener;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.NodeSource;
import io.healer.api.NodeSourceUnavailableException;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.api.check.CheckId;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ClusterHealth;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.RepairPlanner.Decision;
import io.healer.core.engine.StormGuard.RoleCount;
import io.healer.core.engine.UnhealthyTracker.Candidacy;
import io.healer.core.engine.UnhealthyTracker.Tracked;
import io.healer.core.plugin.ConfiguredCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One healer's engine: each {@link #runCycle()} reads the nodes once, runs their checks, tracks
 * unhealthy durations, and repairs the candidates that every safety rule admits. It is pure given
 * its clock, node source, provider and ledger: tests drive it cycle by cycle with fakes.
 *
 * <p>Rules, in the order they apply:
 * <ol>
 *   <li>Nodes of a role whose monitor is off, nodes younger than check-delay-after-add and nodes
 *       that report no conditions yet are not judged.
 *   <li>A node is a candidate once one of its role's checks has judged it unhealthy for that
 *       check's unhealthy-duration; the first such check in config order names the reason.
 *       Unknown verdicts never start or advance a repair.
 *   <li>Nothing is repaired while healing is disabled in config, the pause switch is on, this
 *       instance is not the leader, the node source is unavailable (and once it is back,
 *       unhealthy timers restart), the storm guard holds (its state outlives the process, see {@link
 *       StormStateStore}), or the cloud says no.
 *   <li>Per node: its opt-out, the escalation ladder with backoff and retry budget ({@link
 *       RepairPlanner}), a likely outage of its zone ({@link ZoneGuard}), the repairs-per-hour
 *       ceiling ({@link RepairBudget}), the in-flight caps, one master at a time and etcd quorum
 *       ({@link SafetyGate}).
 *   <li>Each step is recorded in the ledger before the cloud is called. In dry-run nothing is
 *       recorded or sent: decisions are only reported.
 * </ol>
 *
 * <p>Thread-safe: cycles are serialised.
 */
public final class HealingEngine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HealingEngine.class);

  private final HealerConfig config;
  private final NodeSource nodeSource;
  private final CloudProvider provider;
  private final RepeatedFailure statusFailure =
      new RepeatedFailure(log, "the cloud provider could not tell the cluster's status");
  private final RepeatedFailure healthReportFailure =
      new RepeatedFailure(log, "the cloud provider could not take the cluster's health report");
  private final Clock clock;
  private final RepairLedger ledger;
  private final StormStateStore stormStore;
  private final Listeners listeners;
  private final BooleanSupplier leadership;
  private final BooleanSupplier paused;
  private final RepairHooks hooks;
  private final ExecutorService ownedExecutor;
  private final boolean countTimeBeforeWatching;
  private final Evaluator evaluator;
  private final UnhealthyTracker tracker;
  private final RepairPlanner planner;
  private final StormGuard stormGuard;
  private final ZoneGuard zoneGuard;
  private final RepairBudget budget;
  /** Per role, its checks with their identities; every role is present. */
  private final Map<NodeRole, RoleChecks> roleChecks;

  private Map<String, NodeRecord> records;
  /** The role each tracked node had when last judged, for {@link #nextDue()}. */
  private final Map<String, NodeRole> roles = new HashMap<>();
  private final Map<String, String> lastSkipReason = new HashMap<>();
  private boolean wasLeader;
  private boolean reporting;
  private Instant outageSince;
  private Instant timerFloor;
  /**
   * Since when this instance has watched the nodes as the leader: its first successful read after
   * it started or became the leader. A failure the ledger does not hold began, as far as this
   * instance can tell, no earlier than this (see {@link UnhealthyTracker#track}).
   */
  private Instant watchingSince;
  private List<List<String>> lastReportedHealth;
  /** The storm state last written to the store, or null when it must be written (again). */
  private StormState savedStormState;
  /** Whether the zone guard takes in the ledger's self-recoveries in the next cycle that reads nodes. */
  private boolean restoreZones;

  private HealingEngine(Builder b) {
    this.config = b.config;
    this.nodeSource = Objects.requireNonNull(b.nodeSource, "nodeSource");
    this.provider = Objects.requireNonNull(b.provider, "cloudProvider");
    this.clock = b.clock;
    this.ledger = b.ledger;
    this.stormStore = b.stormStore;
    this.listeners = new Listeners(b.listeners);
    this.leadership = b.leadership;
    this.paused = b.paused;
    this.hooks = b.hooks;
    this.countTimeBeforeWatching = b.countTimeBeforeWatching;
    Executor executor = b.executor;
    if (executor == null) {
      ownedExecutor = Executors.newFixedThreadPool(b.parallelism, daemonThreads());
      executor = ownedExecutor;
    } else {
      ownedExecutor = null;
    }
    Map<NodeRole, RoleChecks> identified = new EnumMap<>(NodeRole.class);
    for (NodeRole role : NodeRole.values()) {
      identified.put(role, RoleChecks.of(b.checks.getOrDefault(role, List.of())));
    }
    this.roleChecks = Map.copyOf(identified);
    this.evaluator = new Evaluator(roleChecks, executor, config.checkTimeout());
    this.tracker = new UnhealthyTracker(roleChecks, config.healthyDuration());
    this.planner = new RepairPlanner(config);
    this.stormGuard = new StormGuard(config);
    this.zoneGuard = new ZoneGuard(config);
    this.budget = new RepairBudget(config);
    this.records = new HashMap<>(ledger.load());
    // The storm state is read at the first cycle as the leader: a follower repairs nothing.
  }

  /**
   * Starts a builder.
   *
   * @param config the engine's settings
   */
  public static Builder builder(HealerConfig config) {
    return new Builder(config);
  }

  /** The config this engine runs with. */
  public HealerConfig config() {
    return config;
  }

  /**
   * Runs one cycle: read, judge, track, decide, repair, report.
   *
   * @return what the cycle saw and did
   */
  public synchronized CycleSummary runCycle() {
    Instant start = clock.instant();
    boolean leader = leadership.getAsBoolean();
    if (leader && !wasLeader) {
      // A new leader continues from what the previous one recorded, not from its own follower view.
      records = new HashMap<>(ledger.load());
      lastSkipReason.clear();
      restoreStormState(start);
      budget.restore(records);
      restoreZones = true;
      watchingSince = null;
    }
    wasLeader = leader;
    reporting = leader;

    List<NodeInfo> nodes;
    try {
      nodes = nodeSource.nodes();
    } catch (NodeSourceUnavailableException e) {
      if (outageSince == null) {
        outageSince = start;
        log.warn("the node source is unavailable; nothing is repaired until it is back: {}", e.getMessage());
      }
      return finish(start, 0, 0, 0, 0, 0, "the node source is unavailable: " + e.getMessage());
    }
    if (outageSince != null) {
      log.info("the node source is back after an outage since {}; unhealthy timers restart", outageSince);
      outageSince = null;
      timerFloor = start;
    }
    if (watchingSince == null) {
      watchingSince = start;
    }

    forgetGoneNodes(nodes, leader);
    List<NodeInfo> judged = nodes.stream().filter(n -> judged(n, start)).toList();
    List<NodeEvaluation> evaluations = evaluator.evaluate(judged, CheckContext.of(clock, config.checkTimeout()));
    Instant now = clock.instant();

    Map<String, Boolean> healthy = new HashMap<>();
    Set<String> unhealthyNames = new HashSet<>();
    Map<NodeRole, int[]> unhealthyByRole = new EnumMap<>(NodeRole.class);
    int unknown = 0;
    List<Candidate> candidates = new ArrayList<>();
    for (NodeEvaluation evaluation : evaluations) {
      NodeInfo node = evaluation.node();
      evaluation.verdicts().forEach((check, verdict) -> listeners.onVerdict(node, check, verdict));
      unknown += evaluation.unknownCount();
      healthy.put(node.name(), evaluation.healthy());
      if (evaluation.unhealthy()) {
        unhealthyByRole.computeIfAbsent(node.role(), r -> new int[1])[0]++;
        unhealthyNames.add(node.name());
      }
      Candidate candidate = track(evaluation, now);
      if (candidate != null) {
        candidates.add(candidate);
      }
    }

    // Like the storm guard, the zone guard sees every cycle, so that a cool-down starts when the outage ends.
    zoneGuard.update(nodes, unhealthyNames, restoreZones ? selfRecovered(now) : Map.of(), now);
    restoreZones = false;
    String held = cycleBlock(nodes, unhealthyByRole, now);
    int requested = 0;
    if (!candidates.isEmpty()) {
      if (held != null) {
        candidates.forEach(c -> skip(c, held, now));
      } else {
        requested = repair(candidates, nodes, healthy, now);
      }
    }
    reportHealth(evaluations, leader, now);
    String summary = held != null ? held : String.join("; ", zoneGuard.outages());
    return finish(start, nodes.size(), count(unhealthyByRole, NodeRole.MASTER),
        count(unhealthyByRole, NodeRole.WORKER), unknown, requested, summary);
  }

  /**
   * The earliest instant after now at which something the engine tracks changes on its own, so
   * that a cycle then may decide differently than the last one: a tracked failure reaches its
   * check's unhealthy-duration, a repair step's time to recover ends, a backoff ends, a recovered
   * node's healthy-duration ends, or the storm guard's cool-down ends.
   *
   * <p>Cheap: computed from the records kept in memory, without reading nodes or calling anyone.
   * A scheduler may run an extra cycle then instead of waiting for the next monitor interval (see
   * {@link io.healer.core.Healer#start()}); a failure is then acted on when it comes due, not up
   * to one interval later. The instant is a hint: the cycle at that time reads the nodes afresh
   * and may find that nothing is due after all (the node recovered, a check says unknown).
   *
   * @return the earliest such instant, or empty when nothing tracked changes by itself, when this
   *     instance's last cycle ran as a follower (it repairs nothing; a new leader reloads the
   *     ledger), or while the node source is unavailable (timers restart when it is back)
   */
  public synchronized Optional<Instant> nextDue() {
    if (!wasLeader || outageSince != null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant earliest = null;
    for (Map.Entry<String, NodeRecord> e : records.entrySet()) {
      NodeRecord record = e.getValue();
      if (record.givenUp()) {
        // Left for a person: nothing the engine tracks moves it any more.
        continue;
      }
      NodeRole role = roles.get(e.getKey());
      for (Map.Entry<String, Instant> since : record.unhealthySince().entrySet()) {
        Duration d = unhealthyDuration(role, since.getKey());
        if (d != null) {
          earliest = earliestAfter(now, earliest, since.getValue().plus(d));
        }
      }
      RepairStep step = record.lastStep();
      if (step != null && step.underway()) {
        earliest = earliestAfter(now, earliest, step.waitUntil());
      }
      earliest = earliestAfter(now, earliest, record.notBefore());
      if (record.healthySince() != null) {
        earliest = earliestAfter(now, earliest, record.healthySince().plus(config.healthyDuration()));
      }
    }
    earliest = earliestAfter(now, earliest, stormGuard.coolDownEnds().orElse(null));
    earliest = earliestAfter(now, earliest, zoneGuard.coolDownEnds().orElse(null));
    earliest = earliestAfter(now, earliest, budget.nextFree(now).orElse(null));
    return Optional.ofNullable(earliest);
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

  private static Instant earliestAfter(Instant now, Instant earliest, Instant candidate) {
    if (candidate == null || !candidate.isAfter(now)) {
      return earliest;
    }
    return earliest == null || candidate.isBefore(earliest) ? candidate : earliest;
  }

  /** Stops the check threads this engine created, if any. */
  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }

  // --- reading and judging -------------------------------------------------------------------

  private boolean judged(NodeInfo node, Instant now) {
    return config.monitorEnabled(node.role())
        && !roleChecks.get(node.role()).isEmpty()
        && !node.conditions().isEmpty()
        && !now.isBefore(node.creationTime().plus(config.checkDelayAfterAdd()));
  }

  /** Drops records of nodes that are gone, or that were re-created as a new machine. */
  private void forgetGoneNodes(List<NodeInfo> nodes, boolean leader) {
    Map<String, NodeInfo> byName = new HashMap<>();
    nodes.forEach(n -> byName.put(n.name(), n));
    for (String name : new ArrayList<>(records.keySet())) {
      NodeInfo node = byName.get(name);
      NodeRecord record = records.get(name);
      boolean replaced = node != null && record.uid() != null && node.uid().isPresent()
          && !record.uid().equals(node.uid().get());
      if (node == null || replaced) {
        log.debug("forgetting node {}: {}", name, node == null ? "it is gone" : "it is a new machine");
        store(name, null, leader);
        lastSkipReason.remove(name);
        roles.remove(name);
      }
    }
  }

  private Candidate track(NodeEvaluation evaluation, Instant now) {
    NodeInfo node = evaluation.node();
    NodeRecord before = records.get(node.name());
    Tracked tracked = tracker.track(before, evaluation, now, timerFloor,
        countTimeBeforeWatching ? null : watchingSince);
    for (CheckId check : tracked.newlyUnhealthy()) {
      emit(HealerEvent.builder(HealerEvent.Type.UNHEALTHY_DETECTED, node, now).check(check)
          .message(evaluation.verdicts().get(check).reason()).build());
    }
    if (tracked.recovered()) {
      lastSkipReason.remove(node.name());
      if (reporting && !config.dryRun()) {
        callHook("recovered", node, () -> hooks.recovered(node, now));
      }
      String after = before != null && before.lastStep() != null
          ? " after " + before.lastStep().action().name().toLowerCase(Locale.ROOT) : "";
      emit(HealerEvent.builder(HealerEvent.Type.RECOVERED, node, now)
          .message("all checks pass again" + after).build());
    }
    NodeRecord record = tracked.record();
    if (record == null) {
      roles.remove(node.name());
    } else {
      roles.put(node.name(), node.role());
    }
    Candidate candidate = null;
    if (tracked.candidacy().isPresent()) {
      Candidacy why = tracked.candidacy().get();
      if (!record.candidateAnnounced()) {
        record = record.withCandidateAnnounced(true);
        emit(HealerEvent.builder(HealerEvent.Type.REPAIR_CANDIDATE, node, now).check(why.check())
            .message("unhealthy since " + why.since() + ": " + why.reason()).build());
      }
      candidate = new Candidate(node, why);
    }
    store(node.name(), record, reporting);
    return candidate;
  }

  // --- deciding ------------------------------------------------------------------------------

  private String cycleBlock(List<NodeInfo> nodes, Map<NodeRole, int[]> unhealthyByRole, Instant now) {
    Map<NodeRole, RoleCount> counts = new EnumMap<>(NodeRole.class);
    for (NodeRole role : NodeRole.values()) {
      int total = (int) nodes.stream().filter(n -> n.role() == role).count();
      counts.put(role, new RoleCount(total, count(unhealthyByRole, role)));
    }
    // The storm guard sees every cycle, so that its cool-down starts when the storm really ends.
    String storm = stormGuard.update(counts, now).orElse(null);
    if (reporting && !config.dryRun()) {
      saveStormState();
    }
    if (!config.healingEnabled()) {
      return "healing is disabled in the config (healing-enabled: false)";
    }
    if (paused.getAsBoolean()) {
      return "healing is paused";
    }
    if (!reporting) {
      return "this instance is not the leader";
    }
    return storm;
  }

  private int repair(List<Candidate> candidates, List<NodeInfo> nodes, Map<String, Boolean> healthy, Instant now) {
    candidates.sort(Comparator.comparing((Candidate c) -> c.why().since()).thenComparing(c -> c.node().name()));
    SafetyGate gate = new SafetyGate(config, zoneGuard, budget, nodes, healthy, records, now);
    Map<NodeRole, List<RepairAction>> ladders = new EnumMap<>(NodeRole.class);
    List<Planned> admitted = new ArrayList<>();
    for (Candidate c : candidates) {
      String name = c.node().name();
      Decision decision = planner.plan(records.get(name),
          ladders.computeIfAbsent(c.node().role(), this::ladder), now);
      store(name, decision.record(), true);
      if (decision.gaveUp()) {
        emit(event(HealerEvent.Type.REPAIR_GIVEN_UP, c, now).message(decision.holdReason()).build());
        lastSkipReason.put(name, decision.holdReason());
        continue;
      }
      if (decision.waiting()) {
        log.debug("node {}: {}", name, decision.holdReason());
        continue;
      }
      if (decision.holdReason() != null) {
        skip(c, decision.holdReason(), now);
        continue;
      }
      var refused = gate.admit(c.node());
      if (refused.isPresent()) {
        skip(c, refused.get(), now);
        continue;
      }
      admitted.add(new Planned(c, decision.action(), decision.attempt()));
    }
    if (admitted.isEmpty()) {
      return 0;
    }
    if (config.dryRun()) {
      admitted.forEach(p -> simulate(p, now));
      return 0;
    }
    ClusterStatus status = clusterStatus();
    if (!status.allowsRepair()) {
      admitted.forEach(p -> skip(p.candidate(), "the cloud does not allow repairs now: " + status, now));
      return 0;
    }
    return startRepairs(admitted, now);
  }

  /**
   * The nodes whose records say they recovered by themselves (no repair step) within storm-cooldown,
   * with when: what a previous leader saw of a zone outage that is ending (see {@link ZoneGuard}).
   */
  private Map<String, Instant> selfRecovered(Instant now) {
    Map<String, Instant> recovered = new HashMap<>();
    records.forEach((name, record) -> {
      Instant since = record.healthySince();
      if (since != null && record.lastStep() == null && now.isBefore(since.plus(config.stormCooldown()))) {
        recovered.put(name, since);
      }
    });
    return recovered;
  }

  /**
   * Takes in the storm state a previous process or leader stored. When it cannot be read, the
   * guard cools down from now: a storm this instance did not see cannot be ruled out.
   */
  private void restoreStormState(Instant now) {
    StormState stored;
    try {
      stored = stormStore.load().orElse(StormState.calm());
    } catch (RuntimeException e) {
      log.warn("could not read the storm guard's state; cooling down until {} to be safe",
          now.plus(config.stormCooldown()), e);
      stored = StormState.coolingDown(now);
    }
    if (!stored.isCalm()) {
      log.info("storm guard restored: {}", stored);
    }
    stormGuard.restore(stored);
    savedStormState = stored;
  }

  /** Writes the guard's state when it changed; a failed write is tried again next cycle. */
  private void saveStormState() {
    StormState state = stormGuard.state();
    if (state.equals(savedStormState)) {
      return;
    }
    try {
      stormStore.save(state);
      savedStormState = state;
    } catch (RuntimeException e) {
      log.warn("could not store the storm guard's state ({}); a restart now would not know it", state, e);
    }
  }

  private List<RepairAction> ladder(NodeRole role) {
    try {
      return provider.supportedActions(role).stream().sorted().toList();
    } catch (RuntimeException e) {
      log.warn("the cloud provider could not say which repairs it supports for {}s", role.configName(), e);
      return List.of();
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

  // --- repairing -----------------------------------------------------------------------------

  private void simulate(Planned p, Instant now) {
    String name = p.candidate().node().name();
    RepairStep step = new RepairStep(p.action(), RepairStep.State.SIMULATED, now,
        now.plus(planner.recoveryTime(p.action())), p.attempt());
    store(name, records.get(name).withStep(step).withNotBefore(null), false);
    budget.started(name, now);
    skip(p.candidate(), "dry-run: would " + verb(p.action()) + " the node (attempt " + p.attempt() + ")", now);
  }

  private int startRepairs(List<Planned> admitted, Instant now) {
    List<RepairTarget> targets = new ArrayList<>();
    Map<String, Planned> byName = new HashMap<>();
    for (Planned p : admitted) {
      String name = p.candidate().node().name();
      if (!leadership.getAsBoolean() || paused.getAsBoolean()) {
        skip(p.candidate(), "leadership was lost or healing paused during the cycle", now);
        continue;
      }
      RepairHooks.Readiness readiness = prepare(p, now);
      if (!readiness.isReady()) {
        skip(p.candidate(), "preparing the " + verb(p.action()) + ": " + readiness.reason(), now);
        continue;
      }
      RepairStep step = new RepairStep(p.action(), RepairStep.State.REQUESTED, now,
          now.plus(planner.recoveryTime(p.action())), p.attempt());
      String escalation = escalation(records.get(name).lastStep());
      NodeRecord record = records.get(name).withStep(step).withNotBefore(null);
      try {
        ledger.save(name, record);
      } catch (RuntimeException e) {
        log.warn("could not record the repair of {} before calling the cloud", name, e);
        skip(p.candidate(), "could not record the repair step before calling the cloud: "
            + e.getClass().getSimpleName(), now);
        continue;
      }
      records.put(name, record);
      budget.started(name, now);
      Candidacy why = p.candidate().why();
      targets.add(new RepairTarget(p.candidate().node(), p.action(), why.check().display() + ": " + why.reason(),
          p.attempt()));
      byName.put(name, p);
      lastSkipReason.remove(name);
      emit(event(HealerEvent.Type.REPAIR_STARTED, p.candidate(), now).action(p.action())
          .message("attempt " + p.attempt() + escalation + ", unhealthy since " + why.since() + ": " + why.reason())
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
        emit(event(HealerEvent.Type.REPAIR_FAILED, p.candidate(), now).action(p.action())
            .message("the provider failed (" + e.getClass().getSimpleName()
                + "); the repair may have reached the cloud, so it is not repeated before "
                + records.get(p.candidate().node().name()).lastStep().waitUntil()).build());
      }
      return targets.size();
    }

    Map<String, RepairResult> resultByName = new HashMap<>();
    for (RepairResult r : results == null ? List.<RepairResult>of() : results) {
      resultByName.putIfAbsent(r.nodeName(), r);
    }
    for (Planned p : byName.values()) {
      recordResult(p, resultByName.get(p.candidate().node().name()), now);
    }
    return targets.size();
  }

  private void recordResult(Planned p, RepairResult result, Instant now) {
    String name = p.candidate().node().name();
    NodeRecord record = planner.apply(records.get(name), result, now);
    store(name, record, true);
    String detail = result == null ? "the provider gave no result for this node" : result.reason();
    HealerEvent.Builder event;
    if (result != null && result.isSuccess()) {
      callHook("started", p.candidate().node(), () -> hooks.started(p.candidate().node(), p.action(), now));
      event = event(HealerEvent.Type.REPAIR_SUCCEEDED, p.candidate(), now).message(
          "the cloud " + (result.status() == RepairResult.Status.DONE ? "completed" : "accepted") + " the "
              + verb(p.action()) + (detail.isEmpty() ? "" : ": " + detail)
              + "; the node has until " + record.lastStep().waitUntil() + " to recover");
    } else if (result != null && result.status() == RepairResult.Status.NOT_SUPPORTED) {
      budget.returned(name, now);
      event = event(HealerEvent.Type.REPAIR_SKIPPED, p.candidate(), now).message(
          "the provider cannot " + verb(p.action()) + " this node: " + detail + "; the next action follows");
    } else if (result != null && result.status() == RepairResult.Status.RETRY_LATER) {
      budget.returned(name, now);
      event = event(HealerEvent.Type.REPAIR_SKIPPED, p.candidate(), now).message(
          "the cloud is busy: " + detail + "; asking again after " + record.notBefore());
    } else {
      event = event(HealerEvent.Type.REPAIR_FAILED, p.candidate(), now).message(detail
          + (record.givenUp() ? "" : "; failure " + record.failures() + " of " + config.repairRetries()
              + " allowed, next try after " + record.notBefore()));
    }
    emit(event.action(p.action()).build());
    if (record.givenUp()) {
      String reason = "given up after " + record.failures() + " failed repairs (repair-retries: "
          + config.repairRetries() + "); the node needs a person";
      lastSkipReason.put(name, reason);
      emit(event(HealerEvent.Type.REPAIR_GIVEN_UP, p.candidate(), now).message(reason).build());
    }
  }

  private RepairHooks.Readiness prepare(Planned p, Instant now) {
    try {
      RepairHooks.Readiness r = hooks.prepare(p.candidate().node(), p.action(), now);
      return r == null ? RepairHooks.Readiness.notYet("the preparation gave no answer") : r;
    } catch (RuntimeException e) {
      log.warn("preparing the repair of {} failed", p.candidate().node().name(), e);
      return RepairHooks.Readiness.notYet("the preparation failed: " + e.getClass().getSimpleName());
    }
  }

  private static void callHook(String name, NodeInfo node, Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      log.warn("the {} hook failed for node {}", name, node.name(), e);
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

  // --- reporting -----------------------------------------------------------------------------

  private void skip(Candidate c, String reason, Instant now) {
    String name = c.node().name();
    if (!reason.equals(lastSkipReason.put(name, reason))) {
      emit(event(HealerEvent.Type.REPAIR_SKIPPED, c, now).message(reason).build());
    }
  }

  private void reportHealth(List<NodeEvaluation> evaluations, boolean leader, Instant now) {
    if (!leader || config.dryRun()) {
      return;
    }
    List<ClusterHealth.UnhealthyNode> unhealthy = new ArrayList<>();
    for (NodeEvaluation e : evaluations) {
      e.firstUnhealthy().ifPresent(first -> {
        NodeRecord record = records.get(e.node().name());
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

  private CycleSummary finish(Instant start, int nodes, int masters, int workers, int unknown, int requested, String held) {
    CycleSummary summary = new CycleSummary(start, Duration.between(start, clock.instant()), nodes, masters,
        workers, unknown, requested, held);
    listeners.onCycle(summary);
    return summary;
  }

  private void emit(HealerEvent event) {
    if (reporting) {
      listeners.onEvent(event);
    }
  }

  /** Updates a record in memory, and in the ledger when this instance may write. */
  private void store(String name, NodeRecord record, boolean persist) {
    NodeRecord previous = record == null ? records.remove(name) : records.put(name, record);
    if (!persist || !reporting || config.dryRun() || Objects.equals(previous, record)) {
      return;
    }
    try {
      if (record == null) {
        ledger.remove(name);
      } else {
        ledger.save(name, record);
      }
    } catch (RuntimeException e) {
      // The ledger's message says why (the API server's answer, a conflict); the trace is for -v 3.
      log.warn("could not store the record of node {}; it is kept in memory: {}", name, e.getMessage());
      log.debug("storing the record of node {} failed", name, e);
    }
  }

  private static HealerEvent.Builder event(HealerEvent.Type type, Candidate c, Instant now) {
    return HealerEvent.builder(type, c.node(), now).check(c.why().check());
  }

  private static String verb(RepairAction action) {
    return action.name().toLowerCase(Locale.ROOT);
  }

  private static int count(Map<NodeRole, int[]> byRole, NodeRole role) {
    int[] c = byRole.get(role);
    return c == null ? 0 : c[0];
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "healer-check-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private record Candidate(NodeInfo node, Candidacy why) {}

  private record Planned(Candidate candidate, RepairAction action, int attempt) {}

  /** Builds a {@link HealingEngine}. */
  public static final class Builder {
    private final HealerConfig config;
    private Map<NodeRole, List<ConfiguredCheck>> checks = Map.of();
    private NodeSource nodeSource;
    private CloudProvider provider;
    private Clock clock = Clock.systemUTC();
    private RepairLedger ledger = new InMemoryRepairLedger();
    private StormStateStore stormStore = StormStateStore.inMemory();
    private final List<HealerListener> listeners = new ArrayList<>(List.of(new LoggingListener()));
    private BooleanSupplier leadership = () -> true;
    private BooleanSupplier paused = () -> false;
    private RepairHooks hooks = RepairHooks.NONE;
    private Executor executor;
    private int parallelism = 16;
    private boolean countTimeBeforeWatching;

    private Builder(HealerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The checks per role, as created by the plugin registry. Each is identified by its position
     * in its role's list, its type and its name (see {@link CheckId}); {@link #build()} throws an
     * {@link IllegalArgumentException} when names do not tell a role's checks apart.
     */
    public Builder checks(Map<NodeRole, List<ConfiguredCheck>> checks) {
      this.checks = Map.copyOf(checks);
      return this;
    }

    /** Where nodes come from. */
    public Builder nodeSource(NodeSource nodeSource) {
      this.nodeSource = nodeSource;
      return this;
    }

    /** The cloud that repairs. */
    public Builder cloudProvider(CloudProvider provider) {
      this.provider = provider;
      return this;
    }

    /** The clock for every time decision; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where node records are kept; in memory by default. */
    public Builder ledger(RepairLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /** Where the storm guard's state is kept across restarts; in memory by default. */
    public Builder stormStateStore(StormStateStore store) {
      this.stormStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Adds a listener; a logging listener is always there. */
    public Builder listener(HealerListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Whether this instance is the leader now; always by default. */
    public Builder leadership(BooleanSupplier leadership) {
      this.leadership = Objects.requireNonNull(leadership, "leadership");
      return this;
    }

    /** Whether an operator paused healing now; never by default. */
    public Builder pauseSwitch(BooleanSupplier paused) {
      this.paused = Objects.requireNonNull(paused, "paused");
      return this;
    }

    /** What the cluster side does around repairs (cordon, drain, uncordon); nothing by default. */
    public Builder hooks(RepairHooks hooks) {
      this.hooks = Objects.requireNonNull(hooks, "hooks");
      return this;
    }

    /**
     * Where checks run. By default the engine starts its own pool of {@link #parallelism} daemon
     * threads and stops it on {@link HealingEngine#close()}; tests pass {@code Runnable::run}.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Whether a failure the ledger does not hold counts from the start its check reports even when
     * that is before this engine began to watch as the leader. Off by default: such a failure
     * began while no healer watched (a fresh install, a crash, a leader gap, an outage), and a node
     * cut off by a partition that is already ending looks the same, so it must stay unhealthy for
     * its whole unhealthy-duration under watch before it is repaired. A tool that runs a single
     * cycle on demand, with no ledger of earlier cycles, turns it on to judge by the checks' own
     * starts, as the Go magnum-auto-healer does.
     */
    public Builder countTimeBeforeWatching(boolean count) {
      this.countTimeBeforeWatching = count;
      return this;
    }

    /** Threads of the engine's own check pool; 16 by default. */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be 1 or more, was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /** Builds the engine and loads the ledger's records. */
    public HealingEngine build() {
      return new HealingEngine(this);
    }
  }
}
