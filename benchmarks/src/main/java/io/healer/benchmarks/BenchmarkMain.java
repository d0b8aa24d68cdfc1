package io.healer.benchmarks;

import io.healer.api.NodeSource;
import io.healer.core.engine.HealingEngine;
import io.healer.core.engine.InMemoryRepairLedger;
import io.healer.testkit.FakeCloud;
import io.healer.testkit.FakeCluster;
import io.healer.testkit.ManualClock;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1NodeList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and prints one table: engine cycle time per cluster size against client-java
 * decoding the same NodeList, their ratio, the heap the node cache takes at 10,000 nodes, and the
 * API calls healer makes per monitor interval in steady state and during a repair wave.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [--sizes 1000,10000,50000] [--warmup 3] [--iterations 5]
 * </pre>
 *
 * <p>JMH runs short on purpose (1 fork, 1 s iterations): the machines here have two shared cores.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  /**
   * Runs everything and prints the table.
   *
   * @param args see the class description
   */
  public static void main(String[] args) throws Exception {
    String sizes = "1000,10000,50000";
    int warmup = 3;
    int iterations = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = args[++i];
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Options options = new OptionsBuilder()
        .include(EngineCycleBenchmark.class.getName())
        .param("nodes", sizes.split(","))
        .warmupIterations(warmup).warmupTime(TimeValue.seconds(1))
        .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
        .forks(1)
        .threads(1)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    printCycleTable(results);
    printHeap(10_000);
    printApiCalls(1_000);
  }

  private static void printCycleTable(Collection<RunResult> results) {
    Map<Integer, double[]> bySize = new TreeMap<>();
    for (RunResult r : results) {
      int size = Integer.parseInt(r.getParams().getParam("nodes"));
      double ms = r.getPrimaryResult().getScore();
      double[] row = bySize.computeIfAbsent(size, s -> new double[2]);
      row[r.getParams().getBenchmark().endsWith("engineCycle") ? 0 : 1] = ms;
    }
    System.out.println();
    System.out.println("| nodes  | engine cycle (ms, 1 core) | client-java NodeList decode (ms) | engine / decode |");
    System.out.println("|-------:|--------------------------:|---------------------------------:|----------------:|");
    bySize.forEach((size, row) -> System.out.printf(Locale.ROOT, "| %6d | %25.2f | %32.2f | %14.2fx |%n",
        size, row[0], row[1], row[1] == 0 ? Double.NaN : row[0] / row[1]));
  }

  private static void printHeap(int n) {
    long nodeInfos = retained(() -> Fleet.nodes(n));
    String json = Fleet.nodeListJson(n);
    long v1Nodes = retained(() -> JSON.deserialize(json, V1NodeList.class));
    System.out.println();
    System.out.printf(Locale.ROOT, "Heap at %,d nodes (retained, Runtime deltas after GC): healer NodeInfo list %.1f MiB"
            + " (%,d bytes/node); client-java V1NodeList %.1f MiB (%,d bytes/node)%n",
        n, nodeInfos / 1048576.0, nodeInfos / n, v1Nodes / 1048576.0, v1Nodes / n);
    System.out.println("TODO(kubernetes package): the informer cache's own heap, once io.healer.core.kubernetes lands.");
  }

  /** The heap still used after GC by what the supplier builds, kept alive across the measurement. */
  private static long retained(Supplier<Object> build) {
    long before = usedAfterGc();
    Object kept = build.get();
    long after = usedAfterGc();
    java.lang.ref.Reference.reachabilityFence(kept);
    return after - before;
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50); // lets a concurrent collector finish; a harness, not a test
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Counts what the engine asks of its collaborators per monitor interval. */
  private static void printApiCalls(int workers) {
    ManualClock clock = new ManualClock();
    FakeCluster cluster = new FakeCluster(clock);
    for (int i = 1; i <= 3; i++) {
      cluster.addMaster("master-" + i);
    }
    for (int i = 1; i <= workers; i++) {
      cluster.addWorker("worker-" + i);
    }
    FakeCloud cloud = FakeCloud.connectedTo(cluster, clock);
    InMemoryRepairLedger ledger = new InMemoryRepairLedger();
    AtomicInteger reads = new AtomicInteger();
    NodeSource counted = () -> {
      reads.incrementAndGet();
      return cluster.nodes();
    };
    HealingEngine engine = HealingEngine.builder(io.healer.core.config.HealerConfig.builder("bench").build())
        .checks(checks())
        .nodeSource(counted).cloudProvider(cloud).clock(clock).ledger(ledger).executor(Runnable::run).build();
    Duration interval = engine.config().monitorInterval();
    List<String> rows = new ArrayList<>();
    rows.add(measure("steady state, all healthy", 30, engine, clock, interval, reads, cloud, ledger));
    for (int i = 1; i <= 10; i++) {
      cluster.killKubelet("worker-" + i * 7);
    }
    rows.add(measure("repair wave (10 of " + workers + " workers die)", 30, engine, clock, interval, reads, cloud, ledger));
    System.out.println();
    System.out.println("Calls per monitor interval (3 masters, " + workers + " workers; mean / max over 30 intervals):");
    System.out.println("| phase | node-source reads (informer cache) | cloud: clusterStatus | cloud: repair | cloud: reportClusterHealth | ledger writes (Kubernetes PATCH each) |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
    System.out.println("Kubernetes LISTs per interval: 0 by design (the engine reads the node source, an informer cache);"
        + " TODO(kubernetes package): count real LIST/WATCH/PATCH/Event calls and OpenStack HTTP calls with the"
        + " Kubernetes adapters and the Magnum provider.");
  }

  private static String measure(String phase, int intervals, HealingEngine engine, ManualClock clock, Duration interval,
      AtomicInteger reads, FakeCloud cloud, InMemoryRepairLedger ledger) {
    int[][] perInterval = new int[5][intervals];
    for (int k = 0; k < intervals; k++) {
      int r0 = reads.get();
      int s0 = cloud.statusCalls();
      int q0 = cloud.requests().size();
      int h0 = cloud.healthReports().size();
      int w0 = ledger.writes();
      engine.runCycle();
      perInterval[0][k] = reads.get() - r0;
      perInterval[1][k] = cloud.statusCalls() - s0;
      perInterval[2][k] = cloud.requests().size() - q0;
      perInterval[3][k] = cloud.healthReports().size() - h0;
      perInterval[4][k] = ledger.writes() - w0;
      clock.advance(interval);
    }
    StringBuilder sb = new StringBuilder("| ").append(phase).append(" |");
    for (int[] column : perInterval) {
      double mean = java.util.Arrays.stream(column).average().orElse(0);
      int max = java.util.Arrays.stream(column).max().orElse(0);
      sb.append(String.format(Locale.ROOT, " %.2f / %d |", mean, max));
    }
    return sb.toString();
  }

  private static Map<io.healer.api.NodeRole, List<io.healer.core.plugin.ConfiguredCheck>> checks() {
    io.healer.core.plugin.ConfiguredCheck check = new io.healer.core.plugin.ConfiguredCheck(
        io.healer.checks.standard.NodeConditionCheckFactory.TYPE,
        io.healer.core.config.CheckConfig.DEFAULT_UNHEALTHY_DURATION,
        new io.healer.checks.standard.NodeConditionCheckFactory().create(io.healer.api.config.Settings.empty()));
    return Map.of(io.healer.api.NodeRole.MASTER, List.of(check), io.healer.api.NodeRole.WORKER, List.of(check));
  }
}
