package io.healer.simulation;

import io.healer.api.NodeRole;
import io.healer.core.config.CheckConfig;
import io.healer.core.config.HealerConfig;
import io.healer.fakes.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Everything one seed simulates, drawn from that seed alone: the cluster's size, healer's config,
 * and the timed disturbances. The same seed always gives the same scenario.
 *
 * <p>The scenario is fair to healer by construction, so that an invariant that fails points at the
 * engine: a partition cuts off more nodes than the storm guard allows (else no healer could tell it
 * from dead machines), a flapping node's NotReady phases are shorter than unhealthy-duration (by
 * more than {@link #MAX_STALE_LAG}, which a stale snapshot may add), and a machine that breaks is
 * one the ladder can fix (a replace fixes everything).
 */
public final class Scenario {

  /** How long the node lifecycle controller waits before it marks a silent kubelet's node Unknown. */
  static final Duration NODE_MONITOR_GRACE = Duration.ofSeconds(40);

  /**
   * The longest a stale watch drop serves an old snapshot (an informer a few events behind). Anything
   * that only looks unhealthy (a flapping node's NotReady phase) may look that much longer to healer.
   */
  static final Duration MAX_STALE_LAG = Duration.ofSeconds(45);

  /** The worker node groups, as Magnum labels them. */
  static final List<String> WORKER_GROUPS = List.of("default-worker", "gpu-worker", "batch-worker");

  /** Mixed into the seed for the zone outage's own random. */
  private static final long ZONE_SALT = 0x5A0E_0A7A6EL;
  private static final long OFF_SALT = 0x0FF_5EED_F3C3L;
  /** Mixed into the seed for the second opinion's own random (hosts, host outages, host partitions). */
  private static final long HOST_SALT = 0x4057_0B1A_10E5L;

  /** Mixed into the seed for the repair budget's own random. */
  private static final long BUDGET_SALT = 0xB0D6_E7ED_0C0DL;

  /** Workers per hypervisor: worker i runs on host {@code hv-((i-1)/4+1)}, each master on one of its own. */
  static final int WORKERS_PER_HOST = 4;

  final long seed;
  /** Whether flapping may be faster than the monitor interval (see {@link #of(long, boolean)}). */
  final boolean fastFlapping;
  final int masters;
  final int workers;
  final int workerGroups;
  final boolean twoInstances;
  final Duration interval;
  final Duration conditionUnhealthy;
  final Duration apiServerUnhealthy;
  final Duration active;
  final Duration tail;
  final Instant start;
  final Duration phase;
  final double slowBootShare;
  HealerConfig config;
  /**
   * The workers' storm-guard limit the scenario was drawn for: a storm partition cuts off more
   * judged workers than this, whatever {@link #tune} does to healer's config afterwards.
   */
  int stormWorkers;
  /**
   * The zone limit the scenario was drawn for: a zone outage cuts off more of its group's judged
   * workers than this allows, whatever {@link #tune} does to healer's config afterwards.
   */
  io.healer.core.config.UnhealthyLimit zoneLimit;
  /**
   * The max-repairs-per-hour the scenario was drawn with ({@link HealerConfig#NO_REPAIR_CEILING}
   * for none): the referee's ceiling, whatever {@link #tune} does to healer's config afterwards.
   */
  int budget = HealerConfig.NO_REPAIR_CEILING;
  final List<Disturbance> disturbances;
  /** Seeds the runtime choices (cloud answers, repair times) from the same root random. */
  final long runtimeSeed;
  /**
   * Whether an instance also runs a cycle at its engine's next due instant when that comes before
   * the next monitor-interval tick, as {@code Healer.start()} does. Not drawn from the seed, so
   * turning it off replays the same scenario on ticks alone (the old schedule, for comparison).
   */
  boolean extraCycles = true;
  /** Whether the cloud reports every server SHUTOFF (a broken provider, for a test of invariant g). */
  boolean brokenPowerState;
  /** Whether the cloud shows its hosts' state (Nova's host_status, to an admin), drawn per seed. */
  final boolean hostStatusShown;
  /** Whether the provider drops host_status from what it tells healer (a broken provider, for a test of invariant i). */
  boolean hostStatusDropped;

  private Scenario(long seed, boolean fastFlapping, Random r) {
    this.seed = seed;
    this.fastFlapping = fastFlapping;
    this.start = ManualClock.DEFAULT_START;
    masters = r.nextBoolean() ? 3 : 5;
    int sizeClass = r.nextInt(100);
    if (sizeClass < 60) {
      workers = 2 + r.nextInt(11);
    } else if (sizeClass < 90) {
      workers = 12 + r.nextInt(89);
    } else if (sizeClass < 99) {
      workers = 100 + r.nextInt(401);
    } else {
      workers = 1000 + r.nextInt(2001);
    }
    workerGroups = 1 + r.nextInt(Math.min(3, workers));
    twoInstances = r.nextBoolean();
    interval = r.nextBoolean() ? Duration.ofSeconds(30) : Duration.ofSeconds(60);
    conditionUnhealthy = r.nextBoolean() ? Duration.ofMinutes(5) : Duration.ofMinutes(2);
    apiServerUnhealthy = r.nextBoolean() ? Duration.ofMinutes(5) : Duration.ofMinutes(2);
    active = Duration.ofMinutes(120);
    tail = Duration.ofMinutes(120);
    phase = Duration.ofSeconds(r.nextInt((int) interval.toSeconds()));
    slowBootShare = r.nextInt(4) == 0 ? 0.3 : 0.05;
    config = HealerConfig.builder("sim-" + seed)
        .monitorInterval(interval)
        .masterChecks(List.of(new CheckConfig("NodeCondition", conditionUnhealthy,
            io.healer.api.config.Settings.empty())))
        .workerChecks(List.of(new CheckConfig("NodeCondition", conditionUnhealthy,
            io.healer.api.config.Settings.empty())))
        .maxRepairsInFlight(r.nextBoolean() ? 3 : 5)
        .maxRepairsInFlightPerGroup(r.nextBoolean() ? 1 : 2)
        .repairBackoff(r.nextBoolean() ? Duration.ofMinutes(5) : Duration.ofMinutes(2))
        .repairTimeout(r.nextBoolean() ? Duration.ofMinutes(30) : Duration.ofMinutes(20))
        .build();
    zoneLimit = config.maxUnhealthyPerZone();
    List<Disturbance> drawn = new ArrayList<>(disturbances(r));
    runtimeSeed = r.nextLong();
    // Drawn from a random of its own, so that every seed keeps the scenario it had before zone outages.
    zoneOutage(new Random(seed ^ ZONE_SALT)).ifPresent(drawn::add);
    // Also of its own: every seed keeps the scenario it had before this fault kind.
    offUndrained(new Random(new java.util.SplittableRandom(seed ^ OFF_SALT).nextLong())).ifPresent(drawn::add);
    // And the second opinion's: host state shown or not, the fast path, host outages and partitions.
    Random h = new Random(new java.util.SplittableRandom(seed ^ HOST_SALT).nextLong());
    hostStatusShown = h.nextBoolean();
    if (h.nextInt(3) == 0) {
      config = config.toBuilder().repairDeadServersAtOnce(true).build();
    }
    if (h.nextInt(4) == 0) {
      drawn.add(new Disturbance.HostOutage(activeTime(h)));
    }
    if (hostStatusShown && h.nextInt(3) == 0) {
      Duration length = conditionUnhealthy.plus(Scenario.NODE_MONITOR_GRACE).plusSeconds(60 + h.nextInt(1800));
      drawn.add(new Disturbance.HostPartition(activeTime(h), length));
    }
    // The repair budget's, of its own too: in a quarter of the seeds a ceiling of 1 to 8 repairs an hour.
    Random b = new Random(new java.util.SplittableRandom(seed ^ BUDGET_SALT).nextLong());
    if (b.nextInt(4) == 0) {
      budget = 1 + b.nextInt(8);
      config = config.toBuilder().maxRepairsPerHour(budget).build();
    }
    drawn.sort(Comparator.comparing(Disturbance::at));
    disturbances = List.copyOf(drawn);
  }

  /**
   * The scenario of a seed.
   *
   * @param seed any long; the same seed gives the same scenario
   * @return the scenario
   */
  public static Scenario of(long seed) {
    return of(seed, false);
  }

  /**
   * The scenario of a seed, optionally with flapping faster than the monitor interval. Such a node
   * is NotReady for seconds at a time, but the cycles' samples may all fall into NotReady phases;
   * healer must still not repair it (the Go healer judges only the current phase). Off by default
   * while the engine repairs such nodes (see the README's findings).
   *
   * @param seed any long; the same seed and flag give the same scenario
   * @param fastFlapping whether flapping periods may be shorter than the monitor interval
   * @return the scenario
   */
  public static Scenario of(long seed, boolean fastFlapping) {
    return new Scenario(seed, fastFlapping, new Random(seed));
  }

  /**
   * The same scenario with healer's config changed, for tests that prove the invariants catch a
   * healer that breaks the rules (a storm guard that allows everything, say).
   *
   * @param change what to change
   * @return this scenario, changed
   */
  Scenario tune(java.util.function.UnaryOperator<HealerConfig.Builder> change) {
    config = change.apply(config.toBuilder()).build();
    return this;
  }

  /**
   * The same scenario with cycles on monitor-interval ticks only, as healer ran before it
   * scheduled cycles at the engine's next due instant: for before/after latency figures.
   *
   * @return this scenario, changed
   */
  public Scenario ticksOnly() {
    extraCycles = false;
    return this;
  }

  /**
   * The same scenario with a broken compute API that reports every server SHUTOFF, running or not:
   * for the test that shows invariant (g) catches a taint on a running server.
   *
   * @return this scenario, changed
   */
  Scenario brokenPowerState() {
    brokenPowerState = true;
    return this;
  }

  /**
   * The same scenario with a provider that drops the host's state from what it tells healer, while
   * the cloud (and the referee) still see it: for the test that shows invariant (i) catches a
   * healer that repairs a likely partition.
   *
   * @return this scenario, changed
   */
  Scenario hostStatusDropped() {
    hostStatusDropped = true;
    return this;
  }

  /**
   * The seed this scenario was drawn from.
   *
   * @return the seed; {@link SimulationResult#reproduce()} gives the command that replays it
   */
  public long seed() {
    return seed;
  }

  /** The name of master {@code i} (from 1). */
  static String master(int i) {
    return "master-" + i;
  }

  /** The name of worker {@code i} (from 1). */
  static String worker(int i) {
    return "worker-" + i;
  }

  /** The hypervisor the server of a node runs on. */
  static String hostOf(String node) {
    if (node.startsWith("master-")) {
      return "hv-m" + node.substring("master-".length());
    }
    int i = Integer.parseInt(node.substring("worker-".length()));
    return "hv-" + ((i - 1) / WORKERS_PER_HOST + 1);
  }

  /** The node group of worker {@code i}. */
  String workerGroup(int i) {
    return WORKER_GROUPS.get((i - 1) % workerGroups);
  }

  /** When the simulation ends: the active part, then a quiet tail for repairs to finish. */
  Instant end() {
    return start.plus(active).plus(tail);
  }

  private List<Disturbance> disturbances(Random r) {
    List<Disturbance> list = new ArrayList<>();
    int deaths = 1 + r.nextInt(Math.min(8, 2 + workers / 4));
    for (int i = 0; i < deaths; i++) {
      boolean onMaster = r.nextInt(6) == 0;
      String node = onMaster ? master(1 + r.nextInt(masters)) : worker(1 + r.nextInt(workers));
      int kind = r.nextInt(100);
      Disturbance.MachineFault fault = kind < 60 ? Disturbance.MachineFault.KUBELET_DEATH
          : kind < 85 ? Disturbance.MachineFault.DISK : Disturbance.MachineFault.HARDWARE;
      Duration selfRecovery = fault == Disturbance.MachineFault.KUBELET_DEATH && r.nextInt(5) == 0
          ? Duration.ofSeconds(20 + r.nextInt((int) conditionUnhealthy.toSeconds() + 240)) : null;
      list.add(new Disturbance.Breakage(activeTime(r), node, fault, selfRecovery));
    }
    int apiDeaths = r.nextInt(3);
    for (int i = 0; i < apiDeaths; i++) {
      Duration selfRecovery = r.nextInt(3) == 0
          ? Duration.ofSeconds(20 + r.nextInt((int) apiServerUnhealthy.toSeconds() + 240)) : null;
      list.add(new Disturbance.ApiServerDeath(activeTime(r), master(1 + r.nextInt(masters)), selfRecovery));
    }
    int flapping = r.nextInt(3);
    for (int i = 0; i < flapping; i++) {
      // NotReady phases shorter than unhealthy-duration, even as a stale snapshot stretches them
      // (by up to MAX_STALE_LAG): a node no healer should repair. A period of at least one interval
      // guarantees that a cycle sees each Ready phase.
      long minPeriod = fastFlapping ? 10 : interval.toSeconds();
      long maxPeriod = fastFlapping ? interval.toSeconds() - 1
          : conditionUnhealthy.minus(MAX_STALE_LAG).toSeconds() - 10;
      Duration period = Duration.ofSeconds(minPeriod + r.nextInt((int) (maxPeriod - minPeriod + 1)));
      list.add(new Disturbance.Flapping(activeTime(r), worker(1 + r.nextInt(workers)), period,
          Duration.ofMinutes(10 + r.nextInt(50))));
    }
    if (r.nextBoolean()) {
      list.add(partition(r));
    }
    int drops = r.nextInt(3);
    for (int i = 0; i < drops; i++) {
      boolean stale = r.nextInt(3) == 0;
      // An informer lags by at most about one watch event (under MAX_STALE_LAG); longer drops must
      // surface as outages.
      Duration length = stale ? Duration.ofSeconds(5 + r.nextInt(40)) : Duration.ofSeconds(30 + r.nextInt(900));
      list.add(new Disturbance.WatchDrop(activeTime(r), length, stale));
    }
    int troubles = r.nextInt(4);
    for (int i = 0; i < troubles; i++) {
      Disturbance.CloudTrouble[] kinds = Disturbance.CloudTrouble.values();
      list.add(new Disturbance.CloudOutage(activeTime(r), Duration.ofSeconds(60 + r.nextInt(1200)),
          kinds[r.nextInt(kinds.length)]));
    }
    int crashes = r.nextInt(3);
    for (int i = 0; i < crashes; i++) {
      Disturbance.CrashPoint[] points = Disturbance.CrashPoint.values();
      list.add(new Disturbance.Crash(activeTime(r), points[r.nextInt(points.length)],
          Duration.ofSeconds(r.nextInt(300))));
    }
    if (twoInstances) {
      int changes = r.nextInt(4);
      for (int i = 0; i < changes; i++) {
        list.add(new Disturbance.LeaderChange(activeTime(r), Duration.ofSeconds(r.nextInt(120))));
      }
    }
    int pauses = r.nextInt(3);
    for (int i = 0; i < pauses; i++) {
      list.add(new Disturbance.Pause(activeTime(r), Duration.ofMinutes(2 + r.nextInt(40))));
    }
    list.sort(Comparator.comparing(Disturbance::at));
    return List.copyOf(list);
  }

  /**
   * More workers than the storm guard allows (when that is possible), and each master with a
   * chance; a cluster too small to trip the guard gets a partition shorter than unhealthy-duration.
   */
  private Disturbance partition(Random r) {
    List<String> cut = new ArrayList<>();
    int allowed = config.maxUnhealthy(NodeRole.WORKER).allowed(workers);
    stormWorkers = allowed;
    boolean storm = workers > allowed;
    int k = storm ? allowed + 1 + r.nextInt(workers - allowed) : 1 + r.nextInt(workers);
    List<Integer> order = new ArrayList<>();
    for (int i = 1; i <= workers; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, r);
    for (int i = 0; i < k; i++) {
      cut.add(worker(order.get(i)));
    }
    for (int i = 1; i <= masters; i++) {
      if (r.nextInt(10) < 3) {
        cut.add(master(i));
      }
    }
    Duration length = storm ? Duration.ofSeconds(60 + r.nextInt(2400))
        : Duration.ofSeconds(10 + r.nextInt((int) conditionUnhealthy.toSeconds() - 60));
    return new Disturbance.Partition(activeTime(r), List.copyOf(cut), length, storm);
  }

  /**
   * A zone outage in a third of the seeds with two or more worker groups: one group's workers go
   * silent for longer than unhealthy-duration, so that without the zone brake they would be repaired.
   */
  private java.util.Optional<Disturbance> zoneOutage(Random r) {
    if (workerGroups < 2 || r.nextInt(3) != 0) {
      return java.util.Optional.empty();
    }
    String group = WORKER_GROUPS.get(r.nextInt(workerGroups));
    Duration length = conditionUnhealthy.plus(Scenario.NODE_MONITOR_GRACE).plusSeconds(60 + r.nextInt(1800));
    return java.util.Optional.of(new Disturbance.ZoneOutage(activeTime(r), group, length));
  }

  /** In half the seeds, one worker whose server goes off at the cloud with its pods not drained. */
  private java.util.Optional<Disturbance> offUndrained(Random r) {
    if (r.nextBoolean()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Disturbance.Breakage(activeTime(r), worker(1 + r.nextInt(workers)),
        Disturbance.MachineFault.OFF_UNDRAINED, null));
  }

  private Instant activeTime(Random r) {
    return start.plusSeconds(r.nextInt((int) active.toSeconds()));
  }

  /** One line for the report: size, instances, timings and the disturbances' kinds. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(masters).append(" masters, ").append(workers).append(" workers in ").append(workerGroups)
        .append(" group(s), ").append(twoInstances ? "2 instances" : "1 instance")
        .append(", interval ").append(interval.toSeconds()).append("s, unhealthy-duration ")
        .append(conditionUnhealthy.toMinutes()).append("m/").append(apiServerUnhealthy.toMinutes()).append("m")
        .append(hostStatusShown ? ", host state shown" : ", host state hidden")
        .append(config.repairDeadServersAtOnce() ? ", dead servers at once" : "")
        .append(config.maxRepairsPerHour() != HealerConfig.NO_REPAIR_CEILING
            ? ", at most " + config.maxRepairsPerHour() + " repairs an hour; " : "; ");
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    disturbances.forEach(d -> counts.merge(d.getClass().getSimpleName(), 1, Integer::sum));
    sb.append(counts);
    return sb.toString();
  }
}
