package io.healer.core.engine;

import io.healer.api.API;
import io.healer.api.embedding.CycleSummary;
import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeRole;
import io.healer.api.embedding.NodeSource;
import io.healer.api.check.CheckId;
import io.healer.api.cloud.CloudProvider;
import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.ConfiguredCheck;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One healer's engine: each {@link #runCycle()} reads the nodes once, runs their checks, tracks
 * unhealthy durations, and repairs the candidates that every safety rule admits. It is pure given
 * its clock, node source, provider and ledger: tests drive it cycle by cycle with fakes.
 *
 * <p>A cycle is a pipeline of stages, each its own type, in the order their rules apply:
 * <ol>
 *   <li>{@link ObserveStage}: the time, the leadership, the nodes. While the node source is
 *       unavailable nothing is repaired, and once it is back unhealthy timers restart.
 *   <li>{@link JudgeStage}: the checks. Nodes of a role whose monitor is off, nodes younger than
 *       check-delay-after-add and nodes that report no conditions yet are not judged.
 *   <li>{@link TrackStage}: a node is a candidate once one of its role's checks has judged it
 *       unhealthy for that check's unhealthy-duration; the first such check in config order names
 *       the reason; with repair-dead-servers-at-once, also a silent node whose server the cloud
 *       reports SHUTOFF or ERROR ({@link SecondOpinion}). Unknown verdicts never start or advance a repair. A repair the cloud accepted
 *       is reported done when the node passes its checks again, failed when it is still unhealthy
 *       at the end of its time to recover.
 *   <li>{@link GateStage}: nothing is repaired while healing is disabled in config, the pause
 *       switch is on, this instance is not the leader, or the storm guard holds (its state
 *       outlives the process, see {@link StormStateStore}).
 *   <li>{@link PlanStage}: per node, the escalation ladder with backoff and retry budget ({@link
 *       RepairPlanner}), then the cloud's second opinion on a silent node ({@link SecondOpinion}), its opt-out, a likely outage of its zone ({@link ZoneGuard}), the
 *       repairs-per-hour ceiling ({@link RepairBudget}), the in-flight caps, one master at a time
 *       and etcd quorum ({@link SafetyGate}).
 *   <li>{@link ActStage}: unless the cloud says no, each step is recorded in the ledger before the
 *       cloud is called. In dry-run nothing is recorded or sent: decisions are only reported.
 *   <li>{@link ReportStage}: events (only as the leader), cluster health, the cycle summary.
 * </ol>
 *
 * <p>What the engine knows per node, and whether it leads, lives in one {@link NodeStates}.
 * Thread-safe: cycles are serialised.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class HealingEngine implements AutoCloseable {

  private final HealerConfig config;
  private final NodeStates states;
  private final ObserveStage observe;
  private final JudgeStage judge;
  private final TrackStage track;
  private final GateStage gate;
  private final PlanStage plan;
  private final ActStage act;
  private final ReportStage report;

  private HealingEngine(Builder b) {
    this.config = b.config;
    // The parts the cluster side brought: one holder, with its checks and defaults.
    EngineParts parts = b.givenParts();
    CloudProvider provider = parts.cloudProvider().orElseThrow(() -> new NullPointerException("cloudProvider"));
    NodeSource nodeSource = Objects.requireNonNull(b.nodeSource, "nodeSource");
    Map<NodeRole, RoleChecks> roleChecks = new EnumMap<>(NodeRole.class);
    for (NodeRole role : NodeRole.values()) {
      roleChecks.put(role, RoleChecks.of(b.checks.getOrDefault(role, List.of())));
    }
    roleChecks = Map.copyOf(roleChecks);
    // The records are loaded now; the storm state at the first cycle as the leader.
    Clock clock = parts.clock();
    this.states = new NodeStates(parts.ledger().orElseGet(InMemoryRepairLedger::new), config.dryRun());
    List<HealerListener> listeners = new ArrayList<>(List.of(new LoggingListener()));
    listeners.addAll(parts.listeners());
    this.report = new ReportStage(listeners, provider, clock, config.dryRun(), states);
    GuardedHooks hooks = new GuardedHooks(parts.hooks());
    RepairPlanner planner = new RepairPlanner(config);
    RepairBudget budget = new RepairBudget(config);
    BooleanSupplier leadership = parts.leadership();
    this.observe = new ObserveStage(clock, leadership, nodeSource);
    this.judge = new JudgeStage(config, clock, roleChecks, b.executor, b.parallelism, report);
    this.track = new TrackStage(config, roleChecks, states, report, hooks, b.countTimeBeforeWatching);
    this.gate = new GateStage(config, parts.stormStateStore().orElseGet(StormStateStore::inMemory),
        parts.pauseSwitch(), states);
    this.plan = new PlanStage(config, planner, budget, gate.zones(), provider, states, report);
    this.act = new ActStage(config, provider, planner, budget, states, report, hooks,
        () -> leadership.getAsBoolean() && !gate.paused());
  }

  /**
   * Starts a builder.
   *
   * @param config the engine's settings
   * @return a new builder
   */
  public static Builder builder(HealerConfig config) {
    return new Builder(config);
  }

  /**
   * The config this engine runs with.
   *
   * @return the config given to the builder, never {@code null}
   */
  public HealerConfig config() {
    return config;
  }

  /**
   * Runs one cycle: observe, judge, track, gate, plan, act, report.
   *
   * @return what the cycle saw and did
   */
  public synchronized CycleSummary runCycle() {
    Instant start = observe.now();
    if (states.lead(observe.leader(), start)) {
      // A new leader continues from what the previous one recorded, not from its own follower view.
      gate.restore(start);
      plan.restore();
    }
    ObserveStage.Observation seen = observe.nodes(start);
    if (!seen.read()) {
      return report.unavailable(start, seen.unavailable());
    }
    states.watching(start);
    states.forgetGone(seen.nodes());
    Judgement judged = judge.judge(seen.nodes(), start);
    List<Candidate> candidates = track.track(judged, observe.timerFloor());
    Optional<String> held = gate.hold(judged);
    SecondOpinion.Cycle cloud = plan.opinions().cycle(judged.nodes(), states.records(), judged.now());
    if (held.isEmpty()) {
      candidates.addAll(track.deadAtCloud(judged, candidates, cloud));
    }
    int requested = 0;
    if (!candidates.isEmpty()) {
      if (held.isPresent()) {
        candidates.forEach(c -> report.skip(c, held.get(), judged.now()));
      } else {
        requested = act.act(plan.plan(candidates, judged, cloud), judged.now());
      }
    }
    report.health(judged);
    return report.finish(start, judged, requested, held.orElseGet(() -> String.join("; ", gate.outages())));
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
    if (!states.leader() || observe.inOutage()) {
      return Optional.empty();
    }
    Instant now = observe.now();
    return Stream.of(track.dueTimes(), gate.dueTimes(), plan.dueTimes(now)).flatMap(s -> s)
        .filter(t -> t.isAfter(now)).min(Comparator.naturalOrder());
  }

  /** Stops the check threads this engine created, if any. */
  @Override
  public void close() {
    judge.close();
  }

  /** Builds a {@link HealingEngine}. */
  public static final class Builder extends PartsBuilder<Builder> {
    private final HealerConfig config;
    private Map<NodeRole, List<ConfiguredCheck>> checks = Map.of();
    private NodeSource nodeSource;
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
     *
     * @param checks the checks by role, not {@code null}; copied; a role without an entry has none
     * @return this builder
     */
    public Builder checks(Map<NodeRole, List<ConfiguredCheck>> checks) {
      this.checks = Map.copyOf(checks);
      return this;
    }

    /**
     * Where nodes come from.
     *
     * @param nodeSource the source of node snapshots, required
     * @return this builder
     */
    public Builder nodeSource(NodeSource nodeSource) {
      this.nodeSource = nodeSource;
      return this;
    }

    /**
     * Where checks run. By default the engine starts its own pool of {@link #parallelism} daemon
     * threads and stops it on {@link HealingEngine#close()}; tests pass {@code Runnable::run}.
     *
     * @param executor the executor, or {@code null} for the engine's own pool
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Whether a failure the ledger does not hold counts from the start its check reports even when
     * that is before this engine began to watch (as the leader or a follower). Off by default:
     * such a failure began while no healer watched (a fresh install, a crash, a leader gap, an
     * outage), and a node cut off by a partition that is already ending looks the same, so it must
     * stay unhealthy for its whole unhealthy-duration under watch before it is repaired. A tool that runs a single
     * cycle on demand, with no ledger of earlier cycles, turns it on to judge by the checks' own
     * starts, as the Go magnum-auto-healer does.
     *
     * @param count {@code true} to count from the start the check reports
     * @return this builder
     */
    public Builder countTimeBeforeWatching(boolean count) {
      this.countTimeBeforeWatching = count;
      return this;
    }

    /**
     * Threads of the engine's own check pool; 16 by default.
     *
     * @param parallelism the number of threads, 1 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code parallelism} is below 1
     */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be 1 or more, was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Builds the engine and loads the ledger's records.
     *
     * @return the engine, with the ledger's records loaded
     * @throws NullPointerException if no node source or provider was given
     */
    public HealingEngine build() {
      return new HealingEngine(this);
    }

    @Override
    protected Builder self() {
      return this;
    }
  }
}
