package io.healer.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.core.config.UnhealthyLimit;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("One simulated seed")
class SimulationTest {

  @Test
  void replaysTheSameRunForTheSameSeed() {
    SimulationResult first = Simulation.run(42);
    SimulationResult again = Simulation.run(42);

    assertThat(again.violations()).isEqualTo(first.violations());
    assertThat(again.latencies()).isEqualTo(first.latencies());
    assertThat(again.repairRequests()).isEqualTo(first.repairRequests());
    assertThat(again.cycles()).isEqualTo(first.cycles());
    assertThat(again.ledgerWrites()).isEqualTo(first.ledgerWrites());
  }

  @Test
  void printsAReproductionThatNamesTheSeed() {
    assertThat(Simulation.run(7).reproduce())
        .isEqualTo("mvn -q -pl healer-simulation -am compile exec:java -Dexec.args=\"--seed 7 --verbose\"");
  }

  @Test
  void catchesAHealerWhoseStormGuardLetsAPartitionedClusterBeRepaired() {
    long seed = LongStream.range(0, 500).filter(SimulationTest::longStormPartition).findFirst().orElseThrow();
    Scenario broken = Scenario.of(seed).tune(c -> c.maxUnhealthyWorkers(UnhealthyLimit.percent(100))
        .maxUnhealthyMasters(UnhealthyLimit.percent(100)).maxUnhealthyPerZone(UnhealthyLimit.percent(100))
        .maxRepairsInFlight(1000).maxRepairsInFlightPerGroup(1000));

    SimulationResult result = Simulation.run(broken);

    assertThat(result.violations()).anyMatch(v -> v.startsWith("(a)") && v.contains("cut off by a partition"));
    assertThat(Simulation.run(Scenario.of(seed)).violations()).noneMatch(v -> v.startsWith("(a)"));
  }

  @Test
  void catchesAHealerWithoutTheZoneBrakeRepairingTheSilentWorkersOfAZoneOutage() {
    List<Long> seeds = LongStream.range(0, 150)
        .filter(seed -> Scenario.of(seed).disturbances.stream().anyMatch(d -> d instanceof Disturbance.ZoneOutage))
        .boxed().toList();
    assertThat(seeds).hasSizeGreaterThan(10);

    List<SimulationResult> broken = seeds.stream()
        .map(seed -> Simulation.run(Scenario.of(seed).tune(c -> c.maxUnhealthyPerZone(UnhealthyLimit.percent(100)))))
        .toList();
    List<SimulationResult> braked = seeds.stream().map(Simulation::run).toList();

    assertThat(broken).flatExtracting(SimulationResult::violations)
        .anyMatch(v -> v.startsWith("(a)") && v.contains("cut off by a partition"));
    assertThat(braked).flatExtracting(SimulationResult::violations).isEmpty();
    assertThat(braked.stream().mapToInt(SimulationResult::zoneOutages).sum()).isPositive();
  }

  @Test
  void holdsTheRepairBudgetAndCatchesAHealerThatIgnoresIt() {
    List<Long> seeds = LongStream.range(0, 150)
        .filter(seed -> Scenario.of(seed).budget != io.healer.core.config.HealerConfig.NO_REPAIR_CEILING)
        .boxed().toList();
    assertThat(seeds).hasSizeGreaterThan(20);

    List<SimulationResult> held = seeds.stream().map(Simulation::run).toList();
    List<SimulationResult> ignored = seeds.stream()
        .map(seed -> Simulation.run(Scenario.of(seed)
            .tune(c -> c.maxRepairsPerHour(io.healer.core.config.HealerConfig.NO_REPAIR_CEILING))))
        .toList();

    assertThat(held).flatExtracting(SimulationResult::violations).isEmpty();
    assertThat(held.stream().mapToInt(SimulationResult::budgetHolds).sum()).as("failure-cycles held by the budget")
        .isPositive();
    assertThat(ignored).flatExtracting(SimulationResult::violations)
        .anyMatch(v -> v.startsWith("(j)") && v.contains("repair within an hour (max-repairs-per-hour"));
  }

  @Test
  void holdsAHostPartitionTheCloudReportsActiveAndCatchesAHealerThatRebootsIt() {
    List<Long> seeds = LongStream.range(0, 150)
        .filter(seed -> Scenario.of(seed).disturbances.stream().anyMatch(d -> d instanceof Disturbance.HostPartition))
        .boxed().toList();
    assertThat(seeds).hasSizeGreaterThan(10);

    List<SimulationResult> held = seeds.stream().map(Simulation::run).toList();
    List<SimulationResult> withoutOpinion = seeds.stream()
        .map(seed -> Simulation.run(Scenario.of(seed).tune(c -> c.secondOpinion(false)))).toList();
    List<SimulationResult> hostStateDropped = seeds.stream()
        .map(seed -> Simulation.run(Scenario.of(seed).hostStatusDropped())).toList();

    assertThat(held).flatExtracting(SimulationResult::violations).isEmpty();
    assertThat(held.stream().mapToInt(SimulationResult::hostPartitions).sum()).isGreaterThan(10);
    assertThat(held.stream().mapToInt(SimulationResult::partitionHolds).sum()).isPositive();
    // Without the second opinion a host partition looks like that many dead machines: (a) sees the reboots.
    assertThat(withoutOpinion).flatExtracting(SimulationResult::violations)
        .anyMatch(v -> v.startsWith("(a)") && v.contains("cut off by a partition"));
    // A provider that hides the host's state from healer makes it repair what the cloud calls a partition: (i).
    assertThat(hostStateDropped).flatExtracting(SimulationResult::violations)
        .anyMatch(v -> v.startsWith("(i)") && v.contains("likely partition"));
  }

  @Test
  void repairsTheServersOfAHostOutageWhetherOrNotTheCloudShowsTheHostDown() {
    List<Long> seeds = LongStream.range(0, 150)
        .filter(seed -> Scenario.of(seed).disturbances.stream().anyMatch(d -> d instanceof Disturbance.HostOutage))
        .boxed().toList();
    assertThat(seeds).hasSizeGreaterThan(10);
    assertThat(seeds).anyMatch(seed -> Scenario.of(seed).hostStatusShown)
        .anyMatch(seed -> !Scenario.of(seed).hostStatusShown);

    List<SimulationResult> results = seeds.stream().map(Simulation::run).toList();

    // (c): every failure of a dead host gets its repair within its bound; no hold of a partition.
    assertThat(results).flatExtracting(SimulationResult::violations).isEmpty();
    assertThat(results.stream().mapToInt(SimulationResult::hostOutages).sum()).isGreaterThan(10);
  }

  @Test
  void fencesWorkersOffAtTheCloudAndCatchesAHealerThatTaintsARunningServer() {
    List<Long> seeds = LongStream.range(0, 60)
        .filter(seed -> Scenario.of(seed).disturbances.stream().anyMatch(d -> d instanceof Disturbance.Breakage b
            && b.fault() == Disturbance.MachineFault.OFF_UNDRAINED))
        .boxed().toList();
    assertThat(seeds).hasSizeGreaterThan(10);

    List<SimulationResult> fenced = seeds.stream().map(Simulation::run).toList();
    List<SimulationResult> lied = seeds.stream().map(s -> Simulation.run(Scenario.of(s).brokenPowerState())).toList();

    assertThat(fenced).flatExtracting(SimulationResult::violations).isEmpty();
    assertThat(fenced.stream().mapToInt(SimulationResult::offUndrained).sum()).isGreaterThan(10);
    assertThat(fenced.stream().mapToInt(SimulationResult::taints).sum()).isGreaterThan(0);
    assertThat(fenced.stream().mapToInt(SimulationResult::powerOffs).sum()).as("hung servers are powered off first")
        .isGreaterThan(0);
    assertThat(lied).flatExtracting(SimulationResult::violations)
        .anyMatch(v -> v.startsWith("(g)") && v.contains("while the cloud reported its server running"));
  }

  @Test
  void anExtraCycleAtTheEnginesNextDueRepairsASilentKubeletWhenItComesDueNotAtTheNextTick() {
    List<SimulationResult.Latency> withExtra = readyLatencies(false);
    List<SimulationResult.Latency> ticksOnly = readyLatencies(true);

    // What is left beyond unhealthy-duration is the lifecycle controller's grace, nothing of healer's
    // (or less: a master whose broken disk also stops its API server may be caught by the probe first).
    assertThat(withExtra).isNotEmpty().allSatisfy(l ->
        assertThat(l.latency().minus(l.unhealthyDuration())).isLessThanOrEqualTo(Scenario.NODE_MONITOR_GRACE));
    assertThat(withExtra).anySatisfy(l ->
        assertThat(l.latency().minus(l.unhealthyDuration())).isEqualTo(Scenario.NODE_MONITOR_GRACE));
    assertThat(ticksOnly).anySatisfy(l ->
        assertThat(l.latency().minus(l.unhealthyDuration())).isGreaterThan(Scenario.NODE_MONITOR_GRACE));
  }

  @Test
  // Seed 9001 of the long run: a 101 s NotReady phase, read through a 20 s stale snapshot, looked 2 min long.
  void aFlappingNodesNotReadyPhaseStaysShorterThanUnhealthyDurationEvenThroughAStaleSnapshot() {
    for (long seed = 0; seed < 3000; seed++) {
      Scenario s = Scenario.of(seed);
      for (Disturbance d : s.disturbances) {
        if (d instanceof Disturbance.Flapping f) {
          assertThat(f.period().plus(Scenario.MAX_STALE_LAG)).as("seed %d", seed).isLessThan(s.conditionUnhealthy);
        } else if (d instanceof Disturbance.WatchDrop w && w.stale()) {
          assertThat(w.length()).as("seed %d", seed).isLessThan(Scenario.MAX_STALE_LAG);
        }
      }
    }
  }

  private static List<SimulationResult.Latency> readyLatencies(boolean ticksOnly) {
    return LongStream.range(0, 40)
        .mapToObj(seed -> Simulation.run(ticksOnly ? Scenario.of(seed).ticksOnly() : Scenario.of(seed)))
        .flatMap(r -> r.latencies().stream())
        .filter(l -> l.clean() && !l.byEndpoint())
        .toList();
  }

  private static boolean longStormPartition(long seed) {
    Scenario s = Scenario.of(seed);
    return s.disturbances.stream().anyMatch(d -> d instanceof Disturbance.Partition p
        && p.length().compareTo(s.conditionUnhealthy.plusMinutes(3)) > 0
        && p.nodes().size() > 3);
  }
}
