package io.healer.benchmarks;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1NodeList;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
 *     [--skip-jmh] [--heap-nodes 10000] [--call-workers 997]
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
    boolean jmh = true;
    int heapNodes = 10_000;
    int callWorkers = 997;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = args[++i];
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--skip-jmh" -> jmh = false;
        case "--heap-nodes" -> heapNodes = Integer.parseInt(args[++i]);
        case "--call-workers" -> callWorkers = Integer.parseInt(args[++i]);
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
    if (jmh) {
      printCycleTable(new Runner(options).run());
    }
    printHeap(heapNodes);
    new ApiCallsHarness(callWorkers).run();
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

  private static void printHeap(int n) throws Exception {
    long nodeInfos = retained(() -> Fleet.nodes(n));
    String json = Fleet.nodeListJson(n);
    long v1Nodes = retained(() -> JSON.deserialize(json, V1NodeList.class));
    System.out.println();
    System.out.printf(Locale.ROOT, "Heap at %,d nodes (retained, Runtime deltas after GC): healer NodeInfo list %.1f MiB"
            + " (%,d bytes/node); client-java V1NodeList %.1f MiB (%,d bytes/node)%n",
        n, nodeInfos / 1048576.0, nodeInfos / n, v1Nodes / 1048576.0, v1Nodes / n);
    System.out.println(NodeCacheHeap.describe(NodeCacheHeap.measure(n)));
  }

  /** The heap still used after GC by what the supplier builds, kept alive across the measurement. */
  private static long retained(Supplier<Object> build) {
    long before = usedAfterGc();
    Object kept = build.get();
    long after = usedAfterGc();
    java.lang.ref.Reference.reachabilityFence(kept);
    return after - before;
  }

  /** Used heap after several full collections (a harness, so the short pauses between them are fine). */
  static long usedAfterGc() {
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
}
