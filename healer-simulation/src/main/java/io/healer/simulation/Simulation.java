package io.healer.simulation;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.embedding.NodeSource;
import io.healer.checks.standard.NodeConditionCheckFactory;
import io.healer.core.Healer;
import io.healer.core.engine.InMemoryRepairLedger;
import io.healer.core.engine.StormStateStore;
import io.healer.core.plugin.PluginRegistry;
import io.healer.fakes.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Runs one seed: builds the world and one or two healer instances (the real {@link Healer} with
 * the real engine, the stock NodeCondition check, the shared in-memory ledger and storm state), applies the
 * scenario's disturbances on a virtual clock, runs a cycle of every live instance each monitor
 * interval — and, as {@code Healer.start()} does, an extra cycle of an instance at its engine's
 * next due instant when that comes before the next tick — and has the {@link Referee} check the
 * invariants as it goes.
 *
 * <p>Deterministic: the seed draws the scenario and seeds the one {@link Random} that makes every
 * runtime choice; checks run on the calling thread; nothing reads the wall clock.
 *
 * <p>Not thread-safe; each run is confined to its thread, so seeds can run in parallel.
 */
public final class Simulation {

  /** How long a crashed leader's Lease takes to expire before another instance may lead. */
  static final Duration LEASE = Duration.ofSeconds(15);

  /** An armed crash that found no repair to die in dies between cycles after this long. */
  static final Duration ARMED_FOR = Duration.ofMinutes(30);

  final Scenario scenario;
  final ManualClock clock;
  final World world;
  final ApiView view;
  final Judge judge;
  final Referee referee;
  final MagnumLikeCloud cloud;
  private final Random random;
  private final InMemoryRepairLedger ledger = new InMemoryRepairLedger();
  /** The storm guard's state, shared by every incarnation as the control ConfigMap would be. */
  private final StormStateStore stormStates = StormStateStore.inMemory();
  /**
   * The simulator's own account of what the leaders stored of the storm guard (independent of
   * {@link #stormStates}, which the engine writes): the last storm a leader saw, and the first calm
   * snapshot a leader saw after it, or null while the storm lasts. An instance that becomes the
   * leader (after a start or a leader change) takes it in, as the engine does from the store.
   */
  private Instant storedStormSeen;
  private Instant storedCalmSince;
  /** Per domain, what the leaders saw of its outage: null while over, else the first calm snapshot. */
  private final java.util.Map<String, Instant> storedZoneCalm = new java.util.HashMap<>();
  private final PluginRegistry plugins;
  private final List<Instance> instances = new ArrayList<>();
  private final PriorityQueue<Timed> timeline =
      new PriorityQueue<>(Comparator.comparing(Timed::at).thenComparingLong(Timed::order));
  private long scheduled;
  private int pauses;
  private Instance leader;
  private Instance nextLeader;
  private Instant electAt;
  private int crashes;
  /** Zone outages that cut nodes off (one whose group had too few judged workers does not). */
  int zoneOutages;
  /** Host outages that broke servers, and host partitions that cut workers off. */
  int hostOutages;
  int hostPartitions;
  private int leaderChanges;
  private int cycles;
  private int extraCycles;
  private Instant nextTick;
  private boolean outageSeen;
  /** A readable log of what happened, kept only when tracing (a single seed replayed). */
  final List<String> trace;

  private record Timed(Instant at, long order, String what, Runnable action) {}

  Simulation(Scenario scenario) {
    this(scenario, false);
  }

  Simulation(Scenario scenario, boolean tracing) {
    this.scenario = scenario;
    this.trace = tracing ? new ArrayList<>() : null;
    this.clock = new ManualClock(scenario.start);
    this.world = new World(scenario, clock);
    this.view = new ApiView(world);
    world.view(view);
    this.judge = new Judge(scenario.config, world);
    this.referee = new Referee(this, world);
    world.referee(referee);
    this.random = new Random(scenario.runtimeSeed);
    this.cloud = new MagnumLikeCloud(scenario, world, referee, clock, random);
    this.plugins = PluginRegistry.builder().discover(false).addCheckFactory(new NodeConditionCheckFactory()).build();
  }

  /**
   * Runs the scenario of a seed to its end.
   *
   * @param seed the seed
   * @return what happened, with every invariant violation
   */
  public static SimulationResult run(long seed) {
    return run(Scenario.of(seed));
  }

  /**
   * Runs a scenario to its end.
   *
   * @param scenario what to simulate
   * @return what happened, with every invariant violation
   */
  public static SimulationResult run(Scenario scenario) {
    return new Simulation(scenario).run();
  }

  /**
   * Runs a seed and keeps a readable trace of the disturbances, the cloud's calls and the
   * engine's own events (for people replaying a failing seed; the invariants do not read it).
   *
   * @param scenario what to simulate
   * @return what happened, with {@link SimulationResult#trace()}
   */
  public static SimulationResult trace(Scenario scenario) {
    return new Simulation(scenario, true).run();
  }

  /** Adds a line to the trace, when tracing. */
  void note(Instant at, String what) {
    if (trace != null) {
      trace.add(java.time.Duration.between(scenario.start, at).toSeconds() / 60 + "m"
          + String.format("%02ds", java.time.Duration.between(scenario.start, at).toSeconds() % 60) + "  " + what);
    }
  }

  SimulationResult run() {
    long wallStart = System.nanoTime();
    scenario.disturbances.forEach(this::plan);
    instances.add(new Instance(0));
    if (scenario.twoInstances) {
      instances.add(new Instance(1));
    }
    instances.forEach(i -> start(i, clock.instant()));
    leader = instances.get(0);

    Instant tick = scenario.start.plus(scenario.phase);
    Instant end = scenario.end();
    while (!tick.isAfter(end)) {
      while (!timeline.isEmpty() && !timeline.peek().at().isAfter(tick)) {
        Timed next = timeline.poll();
        clock.set(next.at());
        if (next.what() != null) {
          note(next.at(), next.what());
        }
        next.action().run();
      }
      clock.set(tick);
      cycleAll(tick);
      tick = tick.plus(scenario.interval);
      nextTick = tick;
      for (Instance i : instances) {
        scheduleExtra(i);
      }
    }
    return SimulationResult.of(this, referee, world, Duration.ofNanos(System.nanoTime() - wallStart),
        crashes, leaderChanges, cycles);
  }

  // --- disturbances -----------------------------------------------------------------------------

  private void plan(Disturbance d) {
    if (d instanceof Disturbance.Breakage b) {
      at(b.at(), "disturbance: " + d, () -> world.breakMachine(b.node(), b.fault(), b.at()).ifPresent(e -> {
        if (b.selfRecovery() != null) {
          at(b.at().plus(b.selfRecovery()), () -> world.selfRecover(e, clock.instant()));
        }
      }));
    } else if (d instanceof Disturbance.ApiServerDeath a) {
      at(a.at(), "disturbance: " + d, () -> world.killApiServer(a.master(), a.at()).ifPresent(e -> {
        if (a.selfRecovery() != null) {
          at(a.at().plus(a.selfRecovery()), () -> world.selfRecover(e, clock.instant()));
        }
      }));
    } else if (d instanceof Disturbance.Flapping f) {
      at(f.at(), "disturbance: " + d, () -> world.startFlapping(f.node(), f.period()));
      at(f.at().plus(f.length()), f.node() + " stops flapping", () -> world.stopFlapping(f.node()));
    } else if (d instanceof Disturbance.Partition p) {
      at(p.at(), "disturbance: partition of " + p.nodes().size() + " nodes for " + p.length(), () -> {
        List<String> cut = stormSized(p);
        Duration length = cut != null ? p.length() : unseenLength(p.length());
        if (cut == null) {
          cut = p.nodes();
          if (!length.equals(p.length())) {
            note(clock.instant(), "the partition is within the storm guard's limit as healer sees it: it lasts "
                + length + ", too short to look like dead machines");
          }
        }
        for (String node : cut) {
          world.cutOff(node, p.at());
          Instant back = p.at().plus(length).plusSeconds(random.nextInt(60));
          at(back, () -> world.reconnect(node, back));
        }
      });
    } else if (d instanceof Disturbance.ZoneOutage z) {
      at(z.at(), "disturbance: " + d, () -> zoneOutage(z));
    } else if (d instanceof Disturbance.HostOutage h) {
      at(h.at(), "disturbance: " + d, this::hostOutage);
    } else if (d instanceof Disturbance.HostPartition h) {
      at(h.at(), "disturbance: " + d, () -> hostPartition(h));
    } else if (d instanceof Disturbance.WatchDrop w) {
      at(w.at(), "disturbance: " + d, () -> {
        view.dropWatch(w.at(), w.at().plus(w.length()), w.stale());
        if (!w.stale()) {
          outageSeen = true;
        }
      });
    } else if (d instanceof Disturbance.CloudOutage c) {
      at(c.at(), "disturbance: " + d, () -> cloud.trouble(c.trouble(), c.at().plus(c.length())));
    } else if (d instanceof Disturbance.Crash c) {
      at(c.at(), "disturbance: " + d, () -> crash(c));
    } else if (d instanceof Disturbance.LeaderChange l) {
      at(l.at(), "disturbance: " + d, () -> changeLeader(l));
    } else if (d instanceof Disturbance.Pause p) {
      at(p.at(), "disturbance: " + d, () -> pauses++);
      at(p.at().plus(p.length()), "pause ends", () -> pauses--);
    }
  }

  /**
   * The nodes a storm partition cuts off, or null when it is not one as healer sees it. A storm
   * partition drawn before the run may name workers that are too new to be judged when it starts
   * (replaced since): healer does not count those, and would see a partition within the storm
   * guard's limit, which no healer can tell from that many dead machines. Such a partition also
   * cuts off the first judged workers by name until the judged ones are over the limit, as the
   * scenario means it to be; when there are not enough, it is no storm partition (null).
   */
  private List<String> stormSized(Disturbance.Partition p) {
    if (!p.storm()) {
      return null;
    }
    Instant now = clock.instant();
    List<String> cut = new ArrayList<>(p.nodes());
    List<NodeInfo> workers = world.cluster.nodes().stream().filter(n -> n.role() == NodeRole.WORKER).toList();
    int allowed = scenario.stormWorkers;
    long judged = workers.stream().filter(n -> cut.contains(n.name()) && judge.judged(n, now)).count();
    for (NodeInfo n : workers) {
      if (judged > allowed) {
        break;
      }
      if (!cut.contains(n.name()) && judge.judged(n, now)) {
        cut.add(n.name());
        judged++;
      }
    }
    if (judged <= allowed) {
      return null;
    }
    if (cut.size() > p.nodes().size()) {
      note(now, "the partition also cuts off " + cut.subList(p.nodes().size(), cut.size())
          + ": some of its workers are too new to be judged");
    }
    return cut;
  }

  /**
   * Cuts off more of the group's judged workers than max-unhealthy-per-zone allows (the group is
   * their domain), or nothing when the group has too few judged workers for that.
   */
  private void zoneOutage(Disturbance.ZoneOutage z) {
    Instant now = clock.instant();
    List<NodeInfo> group = world.cluster.nodes().stream()
        .filter(n -> z.group().equals(n.labels().get(io.healer.fakes.Nodes.NODE_GROUP_LABEL))).toList();
    // A node down for a repair under way, or broken and about to be repaired before healer can see
    // the outage (the lifecycle grace), may come back as a new machine that healer does not judge yet
    // (a replace): cutting it off could leave healer seeing the group within the limit, which no
    // healer can tell from that many dead machines (seeds 3639 and 8855 of 1000-9999).
    List<String> judged = new ArrayList<>(group.stream()
        .filter(n -> judge.judged(n, now) && !world.downForRepair(n.name()) && world.episodeOf(n.name()) == null)
        .map(NodeInfo::name).toList());
    int allowed = scenario.zoneLimit.allowed(group.size());
    if (judged.size() <= allowed) {
      note(now, "no zone outage: node group " + z.group() + " has " + judged.size() + " judged of " + group.size()
          + " workers, at most " + allowed + " may be unhealthy");
      return;
    }
    java.util.Collections.shuffle(judged, random);
    List<String> cut = judged.subList(0, allowed + 1 + random.nextInt(judged.size() - allowed));
    zoneOutages++;
    note(now, "zone outage of node group " + z.group() + ": " + cut + " go silent");
    for (String node : cut) {
      world.cutOff(node, now);
      Instant back = now.plus(z.length()).plusSeconds(random.nextInt(60));
      at(back, () -> world.reconnect(node, back));
    }
  }

  /**
   * Per host, the judged workers on it that are sound, up and connected now, in name order; hosts
   * in name order.
   */
  private java.util.SortedMap<String, List<String>> soundWorkersByHost(Instant now) {
    java.util.SortedMap<String, List<String>> byHost = new java.util.TreeMap<>();
    for (NodeInfo n : world.cluster.nodes()) {
      World.Truth t = world.truth.get(n.name());
      if (n.role() == NodeRole.WORKER && judge.judged(n, now) && !world.downForRepair(n.name())
          && t.episode == null && t.cuts == 0 && !t.flapping) {
        byHost.computeIfAbsent(Scenario.hostOf(n.name()), h -> new ArrayList<>()).add(n.name());
      }
    }
    return byHost;
  }

  /** A hypervisor with two or more sound workers dies: each of them breaks at once. */
  private void hostOutage() {
    Instant now = clock.instant();
    List<String> hosts = soundWorkersByHost(now).entrySet().stream().filter(e -> e.getValue().size() >= 2)
        .map(java.util.Map.Entry::getKey).toList();
    if (hosts.isEmpty()) {
      note(now, "no host outage: no host has two sound workers");
      return;
    }
    String host = hosts.get(random.nextInt(hosts.size()));
    List<Episode> failures = new ArrayList<>();
    for (String node : soundWorkersByHost(now).get(host)) {
      world.breakMachine(node, Disturbance.MachineFault.KUBELET_DEATH, now).ifPresent(failures::add);
    }
    world.hostDown(host, failures);
    hostOutages++;
    note(now, "host outage of " + host + ": " + failures.stream().map(e -> e.node).toList() + " die with it");
  }

  /**
   * One host's network is cut off: its sound workers go silent while the cloud says ACTIVE on an UP
   * host. Only a host with at least partition-min-silent such workers, so that the second opinion
   * can tell it; else nothing happens.
   */
  private void hostPartition(Disturbance.HostPartition p) {
    Instant now = clock.instant();
    int min = scenario.config.partitionMinSilent();
    List<java.util.Map.Entry<String, List<String>>> hosts = soundWorkersByHost(now).entrySet().stream()
        .filter(e -> e.getValue().size() >= min && world.hostStatus(e.getKey()).equals("UP")).toList();
    if (hosts.isEmpty()) {
      note(now, "no host partition: no host has " + min + " sound workers");
      return;
    }
    var host = hosts.get(random.nextInt(hosts.size()));
    hostPartitions++;
    note(now, "host partition of " + host.getKey() + ": " + host.getValue() + " go silent, the cloud says ACTIVE");
    for (String node : host.getValue()) {
      world.cutOff(node, now);
      Instant back = now.plus(p.length()).plusSeconds(random.nextInt(60));
      at(back, () -> world.reconnect(node, back));
    }
  }

  /**
   * A partition healer cannot tell from dead machines must end before any of its nodes can become
   * a candidate: with the minute over which its nodes reconnect, shorter than the API server
   * probe's unhealthy-duration and than the lifecycle grace plus the Ready check's.
   */
  private Duration unseenLength(Duration drawn) {
    Duration byCondition = Scenario.NODE_MONITOR_GRACE.plus(scenario.conditionUnhealthy);
    Duration limit = (scenario.apiServerUnhealthy.compareTo(byCondition) < 0 ? scenario.apiServerUnhealthy : byCondition)
        .minusSeconds(61);
    return drawn.compareTo(limit) <= 0 ? drawn : limit;
  }

  private void at(Instant when, Runnable action) {
    at(when, null, action);
  }

  private void at(Instant when, String what, Runnable action) {
    timeline.add(new Timed(when, scheduled++, what, action));
  }

  private void crash(Disturbance.Crash c) {
    Instance victim = leader != null ? leader : instances.get(0);
    if (!victim.up()) {
      return;
    }
    victim.downFor = c.down();
    if (c.point() == Disturbance.CrashPoint.BETWEEN_CYCLES) {
      kill(victim, c.at());
    } else {
      victim.armed = c.point();
      victim.armedUntil = c.at().plus(ARMED_FOR);
    }
  }

  private void kill(Instance victim, Instant now) {
    crashes++;
    note(now, victim + " crashes; back in " + victim.downFor.toSeconds() + "s");
    victim.healer = null;
    victim.armed = null;
    victim.snapshot = null;
    victim.snapshotStorming = false;
    victim.lastStormSeen = null;
    victim.calmSince = null;
    victim.forgetZones();
    victim.extraAt = null;
    victim.restartAt = now.plus(victim.downFor);
    if (leader == victim) {
      leader = null;
      electAt = now.plus(scenario.twoInstances ? LEASE : Duration.ZERO);
      nextLeader = other(victim);
    }
  }

  private void changeLeader(Disturbance.LeaderChange l) {
    if (leader == null) {
      return;
    }
    leaderChanges++;
    nextLeader = other(leader);
    leader = null;
    electAt = l.at().plus(l.gap());
  }

  private Instance other(Instance i) {
    return instances.size() == 1 ? i : instances.get(1 - i.id);
  }

  // --- cycles -----------------------------------------------------------------------------------

  private void cycleAll(Instant now) {
    for (Instance i : instances) {
      if (!i.up() && i.restartAt != null && !now.isBefore(i.restartAt)) {
        start(i, now);
      }
      if (i.up() && i.armed != null && !now.isBefore(i.armedUntil)) {
        kill(i, now);
      }
    }
    if (leader == null && electAt != null && !now.isBefore(electAt)) {
      Instance pick = nextLeader != null && nextLeader.up() ? nextLeader
          : instances.stream().filter(Instance::up).findFirst().orElse(null);
      if (pick != null) {
        leader = pick;
        electAt = null;
        note(now, pick + " becomes the leader");
        // A new leader judges from its own first snapshot: a failure it inherits is no clean latency.
        world.episodes.stream().filter(e -> e.open() && e.firstRequest == null).forEach(e -> e.leaderChanged = true);
        restoreStormMemory(pick);
      }
    }
    boolean outage = view.outage(now);
    List<Instance> order = new ArrayList<>(instances);
    if (leader != null) {
      order.remove(leader);
      order.add(0, leader);
    }
    for (Instance i : order) {
      if (!i.up()) {
        continue;
      }
      cycles++;
      try {
        i.healer.runOnce();
      } catch (HealerCrashed crashed) {
        kill(i, now);
      }
    }
    boolean backAfterOutage = outageSeen && !outage;
    if (backAfterOutage) {
      outageSeen = false;
    }
    referee.tick(now, backAfterOutage);
  }

  /**
   * Plans one extra cycle of the instance at its engine's next due instant, when that comes before
   * the next tick and no earlier one is planned. The referee does not tick for it: its allowances
   * count regular cycles, and an extra cycle only makes a repair earlier.
   */
  private void scheduleExtra(Instance i) {
    if (!scenario.extraCycles || !i.up()) {
      return;
    }
    java.util.Optional<Instant> due = i.healer.nextDue();
    if (due.isEmpty() || !due.get().isBefore(nextTick) || i.extraAt != null && !i.extraAt.isAfter(due.get())) {
      return;
    }
    Instant at = due.get();
    i.extraAt = at;
    int incarnation = i.incarnation;
    at(at, () -> extraCycle(i, incarnation, at));
  }

  private void extraCycle(Instance i, int incarnation, Instant at) {
    if (!i.up() || i.incarnation != incarnation || !at.equals(i.extraAt)) {
      return; // crashed since, or an earlier extra cycle took its place
    }
    i.extraAt = null;
    cycles++;
    extraCycles++;
    try {
      i.healer.runOnce();
    } catch (HealerCrashed crashed) {
      kill(i, clock.instant());
      return;
    }
    scheduleExtra(i);
  }

  private void start(Instance i, Instant now) {
    i.incarnation++;
    i.restartAt = null;
    NodeSource source = () -> {
      try {
        List<NodeInfo> nodes = view.read(clock.instant());
        observe(i, nodes);
        return nodes;
      } catch (RuntimeException e) {
        i.snapshot = null;
        i.snapshotStorming = false;
        throw e;
      }
    };
    Healer.Builder builder = Healer.builder(scenario.config)
        .plugins(plugins)
        .nodeSource(source)
        .cloudProvider(cloud.client(i))
        .clock(clock)
        .ledger(new CrashingLedger(ledger, i, clock, referee))
        .stormStateStore(stormStates)
        .leadership(() -> leader == i)
        .pauseSwitch(() -> pauses > 0)
        .executor(Runnable::run)
        .hooks(new SimulatedDrain(world, referee, clock))
        .check(NodeRole.MASTER, ApiServerProbe.TYPE, scenario.apiServerUnhealthy, new ApiServerProbe(world));
    if (trace != null) {
      builder.listener(new io.healer.api.embedding.HealerListener() {
        @Override
        public void onEvent(io.healer.api.embedding.HealerEvent event) {
          note(event.time(), i + " event " + event.type() + " " + event.nodeName() + ": " + event.message());
        }
      });
    }
    i.healer = builder.build();
  }

  private void observe(Instance i, List<NodeInfo> nodes) {
    Instant now = clock.instant();
    i.snapshot = nodes;
    java.util.Set<String> over = judge.zonesOver(nodes, now);
    if (!over.equals(i.zonesOver)) {
      note(now, i + " sees " + (over.isEmpty() ? "no domain" : over) + " over max-unhealthy-per-zone");
    }
    i.zonesSeen(over, now);
    if (leader == i) {
      // What the leaders saw of zones, for the allowance of a new leader whose engine rebuilds it.
      storedZoneCalm.replaceAll((d, calm) -> calm == null && !i.zonesOver.contains(d) ? now : calm);
      i.zonesOver.forEach(d -> storedZoneCalm.put(d, null));
      i.zoneCalmSince.forEach(storedZoneCalm::put);
    }
    i.snapshotStorming = judge.storming(nodes, now) != null;
    if (i.snapshotStorming) {
      i.lastStormSeen = now;
      i.calmSince = null;
      referee.stormSeen(now);
    } else if (i.lastStormSeen != null && i.calmSince == null) {
      i.calmSince = now;
    }
    if (leader == i) {
      for (NodeInfo n : nodes) {
        if (n.role() == NodeRole.MASTER && world.apiServerAnswers(n.name())) {
          world.apiAnswerSeenByLeader.put(n.name(), now);
        }
        if (judge.judged(n, now)) {
          world.leaderSaw(n.name(), judge.unhealthy(n), now);
        }
      }
    }
    if (leader == i && i.lastStormSeen != null) {
      // The leader's engine writes its guard's state: the simulator keeps its own copy of it.
      storedStormSeen = i.lastStormSeen;
      storedCalmSince = i.calmSince;
    }
  }

  /**
   * What the engine does with the stored storm state when it becomes the leader (after a start or
   * a leader change): a stored storm wins over the instance's own calm, and of two cool-downs the
   * later one counts.
   */
  private void restoreStormMemory(Instance i) {
    if (storedStormSeen == null || i.snapshotStorming) {
      return;
    }
    boolean ownStorm = i.lastStormSeen != null && i.calmSince == null;
    if (storedCalmSince == null) {
      i.lastStormSeen = storedStormSeen;
      i.calmSince = null;
    } else if (!ownStorm && (i.calmSince == null || storedCalmSince.isAfter(i.calmSince))) {
      i.lastStormSeen = storedStormSeen;
      i.calmSince = storedCalmSince;
    }
  }

  // --- for the referee --------------------------------------------------------------------------

  Instance leader() {
    return leader != null && leader.up() ? leader : null;
  }

  /** Whether a leader before the current one saw the domain over the limit, or calm for less than {@code cooldown}. */
  boolean storedZoneHolds(String domain, Instant now, Duration cooldown) {
    if (!storedZoneCalm.containsKey(domain)) {
      return false;
    }
    Instant calm = storedZoneCalm.get(domain);
    return calm == null || now.isBefore(calm.plus(cooldown));
  }

  boolean paused() {
    return pauses > 0;
  }

  int ledgerWrites() {
    return ledger.writes();
  }

  int extraCycles() {
    return extraCycles;
  }
}
