package io.healer.simulation;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs seeds from the command line and prints a summary, the detection latency distribution, and,
 * for every failing seed, its violations and a one-line reproduction.
 *
 * <pre>
 * SimulationMain --seeds 10000 [--from 0] [--threads 2]   many seeds
 * SimulationMain --seed 1234 [--verbose]                   one seed, with its scenario
 * SimulationMain ... --fast-flapping                       let nodes flap faster than the interval
 * SimulationMain ... --log                                 the engine's own log on stderr
 * SimulationMain ... --ticks-only                          cycles on monitor-interval ticks only (the old schedule)
 * </pre>
 *
 * <p>Exits with status 1 when any invariant failed.
 */
public final class SimulationMain {

  private SimulationMain() {}

  /**
   * Parses the arguments and runs.
   *
   * @param args see the class description
   * @throws Exception when the run is interrupted or a simulation crashes (an {@link
   *     IllegalStateException} with the crash as its cause); a bad argument exits with status 2
   */
  public static void main(String[] args) throws Exception {
    long from = 0;
    int seeds = 1000;
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    boolean verbose = false;
    boolean fastFlapping = false;
    boolean ticksOnly = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> {
          from = Long.parseLong(args[++i]);
          seeds = 1;
        }
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--from" -> from = Long.parseLong(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--verbose" -> verbose = true;
        case "--fast-flapping" -> fastFlapping = true;
        case "--ticks-only" -> ticksOnly = true;
        case "--log" -> System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        default -> {
          System.err.println("unknown argument " + args[i]
              + "; use --seed N | --seeds N [--from N] [--threads N] [--fast-flapping] [--ticks-only] [--verbose] [--log]");
          System.exit(2);
        }
      }
    }
    Summary summary = seeds == 1 && verbose
        ? new Summary(List.of(Simulation.trace(scenario(from, fastFlapping, ticksOnly))), Duration.ZERO, 1)
        : runSeeds(from, seeds, threads, fastFlapping, ticksOnly);
    summary.print(System.out, verbose);
    System.exit(summary.failed().isEmpty() ? 0 : 1);
  }

  /**
   * Runs {@code count} seeds from {@code from} on {@code threads} threads.
   *
   * @return every result, in seed order
   */
  static Summary runSeeds(long from, int count, int threads, boolean fastFlapping) throws InterruptedException {
    return runSeeds(from, count, threads, fastFlapping, false);
  }

  /**
   * Runs {@code count} seeds from {@code from} on {@code threads} threads, optionally with cycles
   * on monitor-interval ticks only.
   *
   * @return every result, in seed order
   */
  static Summary runSeeds(long from, int count, int threads, boolean fastFlapping, boolean ticksOnly)
      throws InterruptedException {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "simulation");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<SimulationResult>> futures = new ArrayList<>();
      for (long seed = from; seed < from + count; seed++) {
        long s = seed;
        futures.add(pool.submit(() -> Simulation.run(scenario(s, fastFlapping, ticksOnly))));
      }
      List<SimulationResult> results = new ArrayList<>();
      for (Future<SimulationResult> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("a simulation crashed: " + e.getCause(), e.getCause());
        }
      }
      return new Summary(results, Duration.ofNanos(System.nanoTime() - start), threads);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Scenario scenario(long seed, boolean fastFlapping, boolean ticksOnly) {
    Scenario s = Scenario.of(seed, fastFlapping);
    return ticksOnly ? s.ticksOnly() : s;
  }

  /** The results of many seeds. */
  record Summary(List<SimulationResult> results, Duration took, int threads) {

    List<SimulationResult> failed() {
      return results.stream().filter(r -> !r.passed()).toList();
    }

    void print(PrintStream out, boolean verbose) {
      LatencyReport latency = new LatencyReport();
      results.forEach(r -> latency.add(r.latencies()));
      long episodes = results.stream().mapToLong(SimulationResult::episodes).sum();
      long requests = results.stream().mapToLong(SimulationResult::repairRequests).sum();
      long cycles = results.stream().mapToLong(SimulationResult::cycles).sum();
      long extra = results.stream().mapToLong(SimulationResult::extraCycles).sum();
      long crashes = results.stream().mapToLong(SimulationResult::crashes).sum();
      long leaders = results.stream().mapToLong(SimulationResult::leaderChanges).sum();
      long forgotten = results.stream().mapToLong(SimulationResult::cooldownForgotten).sum();
      long unseen = results.stream().mapToLong(SimulationResult::unseenRecoveries).sum();
      long zoneOutages = results.stream().mapToLong(SimulationResult::zoneOutages).sum();
      long zoneForgotten = results.stream().mapToLong(SimulationResult::zoneCooldownForgotten).sum();
      if (verbose) {
        for (SimulationResult r : results) {
          out.printf(Locale.ROOT, "seed %d: %s%n  %d failures, %d repair requests, %d cycles, %d crashes, "
                  + "%d leader changes, %d status calls, %d ledger writes, %d ms%n",
              r.seed(), r.scenario(), r.episodes(), r.repairRequests(), r.cycles(), r.crashes(), r.leaderChanges(),
              r.statusCalls(), r.ledgerWrites(), r.wallTime().toMillis());
          r.trace().forEach(line -> out.println("  " + line));
        }
      }
      out.printf(Locale.ROOT, "%d seeds in %.1f s on %d thread(s): %d failures by ground truth, %d repair requests, "
              + "%d engine cycles (%d of them extra, at a next due instant), %d crashes, %d leader changes%n",
          results.size(), took.toMillis() / 1000.0, threads, episodes, requests, cycles, extra, crashes, leaders);
      out.printf(Locale.ROOT, "Fencing: %d failures of a worker off at the cloud and not drained; %d power-offs,"
          + " %d out-of-service taints (each checked: the cloud said SHUTOFF)%n",
          results.stream().mapToLong(SimulationResult::offUndrained).sum(),
          results.stream().mapToLong(SimulationResult::powerOffs).sum(),
          results.stream().mapToLong(SimulationResult::taints).sum());
      out.printf(Locale.ROOT, "Zone outages: %d (in %d seeds); requests within a zone cool-down only a predecessor"
          + " saw: %d%n", zoneOutages, results.stream().filter(r -> r.zoneOutages() > 0).count(), zoneForgotten);
      out.printf(Locale.ROOT, "Second opinion: %d host outages, %d host partitions (in %d seeds); %d failure-cycles"
          + " held as a likely partition; %d server states asked of the cloud%n",
          results.stream().mapToLong(SimulationResult::hostOutages).sum(),
          results.stream().mapToLong(SimulationResult::hostPartitions).sum(),
          results.stream().filter(r -> r.hostOutages() + r.hostPartitions() > 0).count(),
          results.stream().mapToLong(SimulationResult::partitionHolds).sum(),
          results.stream().mapToLong(SimulationResult::serverReads).sum());
      out.printf(Locale.ROOT, "Repair budget: %d seeds with max-repairs-per-hour; %d failure-cycles held by it;"
          + " %d requests past the ceiling over all instances after a restart or leader change (none by one"
          + " instance: invariant j)%n",
          results.stream().filter(r -> r.scenario().contains("repairs an hour")).count(),
          results.stream().mapToLong(SimulationResult::budgetHolds).sum(),
          results.stream().mapToLong(SimulationResult::budgetOverAfterRestart).sum());
      out.println("Detection latency, from the machine breaking to the first repair request:");
      latency.lines().forEach(out::println);
      if (unseen > 0) {
        out.println("Not counted as violations: " + unseen + " repair request(s) for a master whose failure ended"
            + " and whose API server was down again before any leader's probe saw it answer (one failure, to a"
            + " healer sampling once an interval)");
      }
      if (forgotten > 0) {
        out.println("Finding: " + forgotten + " repair request(s) by a restarted or new leader within storm-cooldown"
            + " of a storm only its predecessor saw and never stored (a follower's own observation).");
      }
      List<SimulationResult> failed = failed();
      for (SimulationResult r : failed) {
        out.println("FAILED seed " + r.seed() + ": " + r.scenario());
        r.violations().forEach(v -> out.println("  " + v));
        out.println("  REPRODUCE: " + r.reproduce());
      }
      out.println(failed.isEmpty() ? "All invariants held." : failed.size() + " seed(s) failed.");
    }
  }
}
