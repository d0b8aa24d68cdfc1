package io.healer.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one seed's run saw: the invariant violations, detection latencies, and counts for the
 * report. Immutable.
 *
 * @param seed the seed
 * @param fastFlapping whether the scenario let nodes flap faster than the monitor interval
 * @param scenario a one-line description of the scenario
 * @param violations every broken invariant, in order of time
 * @param latencies one per failure that got a repair request
 * @param episodes failures by ground truth
 * @param repairRequests repair requests the cloud received
 * @param cycles engine cycles run (all instances)
 * @param extraCycles of those, cycles run at an engine's next due instant between ticks
 * @param crashes simulated crashes of a healer process
 * @param leaderChanges leadership moves
 * @param cooldownForgotten requests within storm-cooldown of a storm only a predecessor saw
 * @param unseenRecoveries requests for a master whose failure ended and whose API server was down
 *     again before a leader could see it answer (one failure, to any healer)
 * @param zoneOutages zone outages that cut workers off
 * @param zoneCooldownForgotten requests within the cool-down of a zone outage only a predecessor saw
 * @param offUndrained failures of a worker off at the cloud with its pods not drained
 * @param powerOffs power-offs (os-stop) the cloud accepted for fencing
 * @param taints out-of-service taints healer added
 * @param hostOutages host outages that broke servers
 * @param hostPartitions host partitions that cut workers off while the cloud said ACTIVE on an UP host
 * @param partitionHolds cycles in which a failure's repair was held as a likely partition (its allowance)
 * @param budgetHolds cycles in which a failure's repair was held by max-repairs-per-hour (its allowance)
 * @param budgetOverAfterRestart requests after which all instances together had started more repairs in
 *     the sliding hour than max-repairs-per-hour (a restarted or new leader knows only each node's last step)
 * @param serverReads server states the engine asked the cloud for (the second opinion)
 * @param statusCalls cluster-status calls the cloud received
 * @param ledgerWrites saves and removals in the shared ledger
 * @param wallTime how long the run took in real time
 * @param trace a readable log of the run when it was traced, else empty
 */
public record SimulationResult(
    long seed,
    boolean fastFlapping,
    String scenario,
    List<String> violations,
    List<Latency> latencies,
    int episodes,
    int repairRequests,
    int cycles,
    int extraCycles,
    int crashes,
    int leaderChanges,
    int cooldownForgotten,
    int unseenRecoveries,
    int zoneOutages,
    int zoneCooldownForgotten,
    int offUndrained,
    int powerOffs,
    int taints,
    int hostOutages,
    int hostPartitions,
    int partitionHolds,
    int budgetHolds,
    int budgetOverAfterRestart,
    int serverReads,
    int statusCalls,
    int ledgerWrites,
    Duration wallTime,
    List<String> trace) {

  /**
   * How long one failure took from the machine breaking to the first repair request.
   *
   * @param byEndpoint whether an endpoint probe (API server) saw it, else the Ready condition
   * @param latency from the break to the request
   * @param bound unhealthy-duration plus one monitor interval (the Go healer's worst case), plus
   *     the lifecycle controller's grace for a silent kubelet
   * @param unhealthyDuration the unhealthy-duration of the check that saw it
   * @param clean whether no rule held the failure before its request (its latency is the engine's own)
   */
  public record Latency(boolean byEndpoint, Duration latency, Duration bound, Duration unhealthyDuration,
      boolean clean) {}

  /**
   * Copies the lists.
   *
   * @param seed the seed
   * @param fastFlapping whether nodes could flap faster than the monitor interval
   * @param scenario the scenario's one-line description
   * @param violations the broken invariants, in order of time; copied, no nulls
   * @param latencies the detection latencies; copied, no nulls
   * @param episodes the number of failures by ground truth
   * @param repairRequests the number of repair requests the cloud received
   * @param cycles the number of engine cycles, all instances together
   * @param extraCycles the number of those run between ticks
   * @param crashes the number of simulated healer crashes
   * @param leaderChanges the number of leadership moves
   * @param cooldownForgotten the number of requests within a storm cool-down only a predecessor saw
   * @param unseenRecoveries the number of requests for a master whose recovery no leader saw
   * @param zoneOutages the number of zone outages
   * @param zoneCooldownForgotten the number of requests within a zone outage's cool-down only a
   *     predecessor saw
   * @param offUndrained the number of failures of a worker off at the cloud with its pods not drained
   * @param powerOffs the number of fencing power-offs the cloud accepted
   * @param taints the number of out-of-service taints added
   * @param hostOutages the number of host outages that broke servers
   * @param hostPartitions the number of host partitions that cut workers off while the cloud said
   *     ACTIVE on an UP host
   * @param partitionHolds the number of cycles in which a failure's repair was held as a likely
   *     partition
   * @param budgetHolds the number of cycles in which a failure's repair was held by
   *     max-repairs-per-hour
   * @param budgetOverAfterRestart the number of requests after which all instances together had
   *     started more repairs in the sliding hour than max-repairs-per-hour
   * @param serverReads the number of server states the engine asked the cloud for
   * @param statusCalls the number of cluster-status calls the cloud received
   * @param ledgerWrites the number of saves and removals in the shared ledger
   * @param wallTime the real time the run took
   * @param trace the run's readable log, empty when not traced; copied, no nulls
   */
  public SimulationResult {
    violations = List.copyOf(violations);
    latencies = List.copyOf(latencies);
    trace = List.copyOf(trace);
  }

  static SimulationResult of(Simulation sim, Referee referee, World world, Duration wall, int crashes,
      int leaderChanges, int cycles) {
    Scenario s = sim.scenario;
    List<Latency> latencies = new ArrayList<>();
    for (Episode e : world.episodes) {
      if (e.firstRequest == null) {
        continue;
      }
      boolean byEndpoint = e.cause == Episode.Cause.API_SERVER;
      Duration byCondition = Scenario.NODE_MONITOR_GRACE.plus(s.conditionUnhealthy);
      Duration detect = byEndpoint ? s.apiServerUnhealthy
          : e.role == io.healer.api.NodeRole.MASTER && e.cause.stopsEtcd() && s.apiServerUnhealthy.compareTo(byCondition) < 0
              ? s.apiServerUnhealthy : byCondition;
      Duration ud = byEndpoint ? s.apiServerUnhealthy : s.conditionUnhealthy;
      latencies.add(new Latency(byEndpoint, Duration.between(e.start, e.firstRequest), detect.plus(s.interval), ud,
          e.firstRequestClean));
    }
    return new SimulationResult(s.seed, s.fastFlapping, s.describe(),
        referee.violations.stream().map(Referee.Violation::toString).toList(), latencies,
        world.episodes.size(), sim.cloud.repairCalls, cycles, sim.extraCycles(), crashes, leaderChanges,
        referee.cooldownForgotten, referee.unseenRecoveries, sim.zoneOutages,
        referee.zoneCooldownForgotten,
        (int) world.episodes.stream().filter(e -> e.cause == Episode.Cause.OFF_UNDRAINED).count(),
        sim.cloud.powerOffs, referee.taints, sim.hostOutages, sim.hostPartitions, referee.partitionHolds,
        referee.budgetHolds, referee.budgetOverAfterRestart,
        sim.cloud.serverReads, sim.cloud.statusCalls, sim.ledgerWrites(), wall,
        sim.trace == null ? List.of() : sim.trace);
  }

  /**
   * Whether every invariant held.
   *
   * @return {@code true} when there are no {@link #violations()}
   */
  public boolean passed() {
    return violations.isEmpty();
  }

  /**
   * The command that replays this seed alone.
   *
   * @return a Maven command line, to run from the project's root, that replays the seed with its
   *     trace
   */
  public String reproduce() {
    return "mvn -q -pl healer-simulation -am compile exec:java -Dexec.args=\"--seed " + seed
        + (fastFlapping ? " --fast-flapping" : "") + " --verbose\"";
  }
}
