package io.healer.benchmarks;

import com.google.gson.JsonObject;
import io.healer.api.NodeInfo;
import io.healer.api.config.Settings;
import io.healer.core.Healer;
import io.healer.core.config.CheckConfig;
import io.healer.core.config.HealerConfig;
import io.healer.fakes.ManualClock;
import io.healer.kubernetes.BenchmarkAccess;
import io.healer.kubernetes.FakeApiServer;
import io.healer.kubernetes.KubernetesClients;
import io.healer.kubernetes.KubernetesHealer;
import io.healer.provider.magnum.MagnumCloudProvider;
import io.healer.provider.magnum.MagnumCloudProviderFactory;
import io.healer.testkit.openstack.FakeOpenStack;
import io.healer.testkit.openstack.FakeServer;
import io.healer.testkit.openstack.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The HTTP requests healer makes per monitor interval, Kubernetes and OpenStack apart: the real
 * {@link Healer} wired by {@code KubernetesHealer} (informers, annotation ledger, Lease election,
 * Events, drain hooks) against the loopback {@link FakeApiServer}, and the real Magnum provider
 * against {@link FakeOpenStack}, on a {@link ManualClock}. Cycles are driven by hand as {@code
 * Healer.start()} would run them: one per interval, plus one at the engine's next due instant when
 * that comes earlier; the elector renews every retry period (5 s); queued Events are sent after
 * each cycle. Requests are counted from both fakes' logs.
 *
 * <p>Two phases: steady state (everything healthy) and a repair wave (the kubelets of 10 workers
 * die at once; the node lifecycle controller marks them Unknown; each reboot brings its node back
 * 2 minutes later). A harness, not a test: it waits in real time only for the informers to see
 * changes the harness itself made on the fake API server.
 */
final class ApiCallsHarness {

  static final Duration INTERVAL = Duration.ofSeconds(60);
  static final Duration RETRY_PERIOD = Duration.ofSeconds(5);
  static final Duration BOOT = Duration.ofMinutes(2);
  static final String CLUSTER = "k8s";

  private final int workers;
  private final ManualClock clock = new ManualClock();
  private FakeApiServer api;
  private FakeOpenStack openstack;
  private KubernetesHealer kubernetes;
  private Healer healer;
  private final Map<String, String> serverOf = new LinkedHashMap<>();
  private final Map<String, Integer> rebootsSeen = new HashMap<>();
  private final Map<String, Instant> backAt = new HashMap<>();
  private final List<String> dead = new ArrayList<>();
  private int extraCycles;

  ApiCallsHarness(int workers) {
    this.workers = workers;
  }

  /** Requests of one interval, by kind: {@code LIST nodes}, {@code PATCH nodes}, {@code POST /compute}... */
  record Interval(Map<String, Integer> kubernetes, Map<String, Integer> openstack) {}

  /** Runs both phases and prints the table. */
  void run() throws Exception {
    long wall = System.nanoTime();
    try {
      start();
      run(1); // warm-up: the first health report, the first election round, the Keystone token
      List<Interval> steady = run(10);
      int extraSteady = extraCycles;
      kill(10);
      List<Interval> wave = run(20);
      print(steady, wave, extraSteady, extraCycles - extraSteady, Duration.ofNanos(System.nanoTime() - wall));
    } finally {
      if (kubernetes != null) {
        kubernetes.close();
      }
      if (api != null) {
        api.close();
      }
      if (openstack != null) {
        openstack.close();
      }
    }
  }

  private void start() {
    openstack = FakeOpenStack.start(clock);
    openstack.createCluster(CLUSTER, 3, Map.of("default-worker", workers));
    api = FakeApiServer.start(clock);
    Instant created = clock.instant().minus(Duration.ofDays(30));
    for (String group : List.of("default-master", "default-worker")) {
      for (String id : openstack.serverIds(CLUSTER, group)) {
        FakeServer s = openstack.server(id).orElseThrow();
        api.create("/api/v1/nodes", RealisticNodes.node(s.name(), group.equals("default-master"), id, s.address(),
            group, "True", created, created));
        api.create("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
            RealisticNodes.lease(s.name(), clock.instant()));
        serverOf.put(s.name(), id);
      }
    }
    HealerConfig config = HealerConfig.builder(CLUSTER)
        .monitorInterval(INTERVAL)
        .masterChecks(List.of(CheckConfig.of("NodeCondition")))
        .workerChecks(List.of(CheckConfig.of("NodeCondition")))
        // All workers are in one node group here; the default (1) would repair them one by one.
        .maxRepairsInFlightPerGroup(3)
        .build();
    Map<String, Object> block = new LinkedHashMap<>(openstack.passwordAuth());
    block.put("stop-wait", "0s");
    MagnumCloudProvider magnum = new MagnumCloudProviderFactory().create(Settings.of("openstack", block), CLUSTER,
        clock);
    kubernetes = BenchmarkAccess.startManual(KubernetesHealer.builder(config, KubernetesClients.of(api.client()))
        .clock(clock).namespace("kube-system").identity("healer-bench").syncTimeout(Duration.ofMinutes(1))
        .configure(b -> b.cloudProvider(magnum).executor(Runnable::run)));
    healer = kubernetes.healer();
    BenchmarkAccess.stepElector(kubernetes);
  }

  /**
   * The kubelets of n workers died between two cycles; the node lifecycle controller marked their
   * nodes Unknown 43 s before this tick (failures do not wait for healer's schedule).
   */
  private void kill(int n) {
    List<String> names = new ArrayList<>(serverOf.keySet());
    for (int i = 1; i <= n; i++) {
      String name = names.get(3 + i * (workers / (n + 1)));
      dead.add(name);
      rebootsSeen.put(name, openstack.server(serverOf.get(name)).orElseThrow().reboots());
      api.update("/api/v1/nodes/" + name, node -> RealisticNodes.ready(node, "Unknown",
          clock.instant().minusSeconds(43)));
    }
    awaitCacheOfDeadNodes();
  }

  /** Runs n intervals and returns the requests each made. */
  private List<Interval> run(int n) {
    List<Interval> intervals = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      api.clearRequests();
      openstack.clearRequests();
      Instant tick = clock.instant();
      Instant next = tick.plus(INTERVAL);
      cycle();
      for (int step = 1; step * RETRY_PERIOD.toSeconds() <= INTERVAL.toSeconds(); step++) {
        Instant stepAt = tick.plus(RETRY_PERIOD.multipliedBy(step));
        Optional<Instant> due = healer.nextDue();
        while (due.isPresent() && due.get().isBefore(stepAt) && due.get().isBefore(next)) {
          clock.set(due.get());
          world();
          cycle();
          extraCycles++;
          due = healer.nextDue();
        }
        clock.set(stepAt);
        world();
        if (stepAt.isBefore(next)) {
          BenchmarkAccess.stepElector(kubernetes);
        }
      }
      BenchmarkAccess.stepElector(kubernetes); // the round at the tick itself, counted in this interval
      intervals.add(new Interval(count(api.requests().stream().map(ApiCallsHarness::kind).toList()),
          count(openstack.requests().stream().map(ApiCallsHarness::kind).toList())));
    }
    return intervals;
  }

  private void cycle() {
    healer.runOnce();
    BenchmarkAccess.sendEvents(kubernetes);
  }

  /** The machines: a rebooted dead node is Ready again {@link #BOOT} after its reboot. */
  private void world() {
    boolean changed = false;
    for (String name : dead) {
      int reboots = openstack.server(serverOf.get(name)).orElseThrow().reboots();
      if (reboots > rebootsSeen.get(name) && !backAt.containsKey(name)) {
        backAt.put(name, clock.instant().plus(BOOT));
      }
      Instant back = backAt.get(name);
      if (back != null && !clock.instant().isBefore(back)) {
        api.update("/api/v1/nodes/" + name, node -> RealisticNodes.ready(node, "True", clock.instant()));
        backAt.put(name, Instant.MAX);
        changed = true;
      }
    }
    if (changed) {
      awaitCacheOfDeadNodes();
    }
  }

  /** Waits until the informer shows the dead nodes' Ready status as the API server has it. */
  private void awaitCacheOfDeadNodes() {
    Map<String, String> want = new HashMap<>();
    for (String name : dead) {
      JsonObject node = api.get("/api/v1/nodes/" + name);
      for (var c : node.getAsJsonObject("status").getAsJsonArray("conditions")) {
        if (c.getAsJsonObject().get("type").getAsString().equals("Ready")) {
          want.put(name, c.getAsJsonObject().get("status").getAsString());
        }
      }
    }
    await(() -> {
      Map<String, String> seen = new HashMap<>();
      for (NodeInfo n : kubernetes.cluster().nodeSource().nodes()) {
        if (want.containsKey(n.name())) {
          seen.put(n.name(), n.condition("Ready").map(c -> c.status()).orElse(""));
        }
      }
      return seen.equals(want);
    });
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the informer did not catch up within 30 s");
      }
      try {
        Thread.sleep(2); // real time for the watch to deliver, not simulated time
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  // --- counting ---------------------------------------------------------------------------------

  /** {@code LIST nodes}, {@code WATCH leases}, {@code PATCH nodes}, {@code POST events}, ... */
  static String kind(FakeApiServer.Request r) {
    String[] s = r.path().split("/");
    // /api/v1/RES[/NAME[/SUB]] or /api/v1/namespaces/NS/RES... or /apis/GROUP/VERSION/...
    int i = r.path().startsWith("/apis/") ? 4 : 3;
    if (s.length > i + 1 && s[i].equals("namespaces") && s.length > i + 2) {
      i += 2;
    }
    String resource = s.length > i ? s[i] : r.path();
    if (s.length > i + 2) {
      resource += "/" + s[i + 2];
    }
    String verb = r.watch() ? "WATCH" : r.isList() ? "LIST" : r.method();
    return verb + " " + resource;
  }

  /** {@code POST identity}, {@code GET magnum}, {@code POST compute}, ... by service. */
  static String kind(RecordedRequest r) {
    String[] s = r.path().split("/");
    return r.method() + " " + (s.length > 1 ? s[1] : r.path());
  }

  private static Map<String, Integer> count(List<String> kinds) {
    Map<String, Integer> counts = new TreeMap<>();
    kinds.forEach(k -> counts.merge(k, 1, Integer::sum));
    return counts;
  }

  // --- the report -------------------------------------------------------------------------------

  private void print(List<Interval> steady, List<Interval> wave, int extraSteady, int extraWave, Duration wall) {
    System.out.println();
    System.out.printf(Locale.ROOT, "HTTP requests per monitor interval (%s) — real Healer + KubernetesHealer against"
            + " FakeApiServer (3 masters, %,d workers, realistic Node and Lease objects), real Magnum provider against"
            + " FakeOpenStack; leader election on (a round every 5 s); %d s wall%n",
        INTERVAL.toSeconds() + " s", workers, wall.toSeconds());
    System.out.println("| API | request | steady state, 10 intervals: total (mean / max per interval) "
        + "| repair wave, 20 intervals: total (mean / max per interval) |");
    System.out.println("|---|---|---:|---:|");
    row("Kubernetes", steady, wave, Interval::kubernetes);
    row("OpenStack", steady, wave, Interval::openstack);
    System.out.printf(Locale.ROOT, "Extra cycles at the engine's next due instant: %d in steady state, %d in the wave.%n",
        extraSteady, extraWave);
    System.out.println("Repair wave, per interval (Kubernetes requests without the 12 Lease renewals / OpenStack"
        + " requests):");
    StringBuilder line = new StringBuilder(" ");
    for (int k = 0; k < wave.size(); k++) {
      Interval iv = wave.get(k);
      int k8s = iv.kubernetes().values().stream().mapToInt(Integer::intValue).sum()
          - iv.kubernetes().getOrDefault("PUT leases", 0);
      int os = iv.openstack().values().stream().mapToInt(Integer::intValue).sum();
      line.append(String.format(Locale.ROOT, " %d:%d/%d", k + 1, k8s, os));
    }
    System.out.println(line);
  }

  private static void row(String api, List<Interval> steady, List<Interval> wave,
      java.util.function.Function<Interval, Map<String, Integer>> side) {
    TreeSet<String> kinds = new TreeSet<>();
    steady.forEach(i -> kinds.addAll(side.apply(i).keySet()));
    wave.forEach(i -> kinds.addAll(side.apply(i).keySet()));
    if (kinds.isEmpty()) {
      System.out.printf("| %s | (none) | 0 | 0 |%n", api);
    }
    for (String kind : kinds) {
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", api, kind, stats(steady, side, kind),
          stats(wave, side, kind));
    }
  }

  private static String stats(List<Interval> intervals, java.util.function.Function<Interval, Map<String, Integer>> side,
      String kind) {
    int[] per = intervals.stream().mapToInt(i -> side.apply(i).getOrDefault(kind, 0)).toArray();
    int total = java.util.Arrays.stream(per).sum();
    int max = java.util.Arrays.stream(per).max().orElse(0);
    return String.format(Locale.ROOT, "%d (%.1f / %d)", total, (double) total / Math.max(1, per.length), max);
  }
}
