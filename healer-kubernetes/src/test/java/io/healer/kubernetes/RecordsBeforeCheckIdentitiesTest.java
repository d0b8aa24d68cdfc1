package io.healer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.HealthCheck;
import io.healer.api.cloud.RepairAction;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.HealingEngine;
import io.healer.core.engine.InMemoryRepairLedger;
import io.healer.core.engine.NodeRecord;
import io.healer.core.engine.RepairStep;
import io.healer.core.plugin.ConfiguredCheck;
import io.healer.fakes.FakeCloud;
import io.healer.fakes.FakeCluster;
import io.healer.fakes.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Records on the nodes written by versions before checks had identities, whose {@code
 * unhealthy-since} is keyed by check type alone, still load, and each start lands on the check that
 * earlier version meant.
 */
@DisplayName("A record written before checks had identities")
class RecordsBeforeCheckIdentitiesTest {

  private final ManualClock clock = new ManualClock();
  private final Instant began = clock.instant();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeCloud cloud = FakeCloud.connectedTo(cluster, clock);
  private final InMemoryRepairLedger ledger = new InMemoryRepairLedger();

  /** A node's healer.io/ annotations exactly as the earlier version wrote them, with a repair under way. */
  private static Map<String, String> writtenBefore(String unhealthySince) {
    return Map.of(
        "healer.io/record", "v1",
        "healer.io/node-uid", "6f1c0a4e-uid",
        "healer.io/unhealthy-since", unhealthySince,
        "healer.io/candidate-announced", "true",
        "healer.io/repair-action", "reboot",
        "healer.io/repair-state", "started",
        "healer.io/repair-attempt", "1",
        "healer.io/repair-started-at", "2026-01-01T00:06:00Z",
        "healer.io/repair-wait-until", "2026-01-01T00:11:00Z",
        "healer.io/repair-failures", "1");
  }

  @Test
  void decodesWithEveryFieldAsWritten() {
    NodeRecord record = RecordAnnotations.decode(writtenBefore("{\"NodeCondition\":\"2026-01-01T00:01:00Z\"}"));

    assertThat(record.uid()).isEqualTo("6f1c0a4e-uid");
    assertThat(record.unhealthySince())
        .containsExactly(Map.entry("NodeCondition", Instant.parse("2026-01-01T00:01:00Z")));
    assertThat(record.candidateAnnounced()).isTrue();
    assertThat(record.lastStep()).isEqualTo(new RepairStep(RepairAction.REBOOT, RepairStep.State.STARTED,
        Instant.parse("2026-01-01T00:06:00Z"), Instant.parse("2026-01-01T00:11:00Z"), 1));
    assertThat(record.failures()).isEqualTo(1);
    assertThat(RecordAnnotations.encode(record)).as("written back unchanged")
        .isEqualTo(writtenBefore("{\"NodeCondition\":\"2026-01-01T00:01:00Z\"}"));
  }

  /**
   * With two checks of one type the earlier version kept the verdict of the last one: a start keyed
   * by the type is that check's. A failure of the first check is new, and waits its whole
   * unhealthy-duration under watch.
   */
  @Test
  void aStartKeyedByATypeTwoChecksShareIsTheLastChecksStart() {
    workersWithAStartByTypeThreeMinutesAgo();
    HealingEngine engine = engine(healthy(), failingOn("worker-1"));

    runFor(engine, 1);
    assertThat(cloud.repairs()).as("four minutes after the second check began to fail").isEmpty();
    runFor(engine, 1);

    assertThat(cloud.repairsOf("worker-1")).singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo("Probe#2: probe failed"));
  }

  @Test
  void aStartKeyedByATypeTwoChecksShareIsNotHandedToTheFirstCheck() {
    workersWithAStartByTypeThreeMinutesAgo();
    HealingEngine engine = engine(failingOn("worker-1"), healthy());

    runFor(engine, 4);
    assertThat(cloud.repairs()).as("the first check has failed for four minutes under watch").isEmpty();
    runFor(engine, 1);

    assertThat(cloud.repairsOf("worker-1")).singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo("Probe#1: probe failed"));
  }

  @Test
  void aStartKeyedByTheTypeOfANamedCheckIsItsStart() {
    workersWithAStartByTypeThreeMinutesAgo();
    HealingEngine engine = engine(List.of(
        new ConfiguredCheck("Probe", "kubelet", Duration.ofMinutes(5), failingOn("worker-1"))));

    runFor(engine, 2);

    assertThat(cloud.repairsOf("worker-1")).singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo("kubelet: probe failed"));
  }

  /** worker-1 failing check type Probe for three minutes, as the earlier version recorded it. */
  private void workersWithAStartByTypeThreeMinutesAgo() {
    cluster.addWorker("worker-1");
    cluster.addWorker("worker-2");
    cluster.addWorker("worker-3");
    ledger.save("worker-1", RecordAnnotations.decode(Map.of("healer.io/record", "v1",
        "healer.io/unhealthy-since", "{\"Probe\":\"" + began + "\"}", "healer.io/candidate-announced", "true")));
    clock.advance(Duration.ofMinutes(3));
  }

  private HealingEngine engine(HealthCheck first, HealthCheck second) {
    return engine(List.of(new ConfiguredCheck("Probe", Duration.ofMinutes(5), first),
        new ConfiguredCheck("Probe", Duration.ofMinutes(5), second)));
  }

  private HealingEngine engine(List<ConfiguredCheck> workerChecks) {
    return HealingEngine.builder(HealerConfig.builder("test").build())
        .checks(Map.of(NodeRole.WORKER, workerChecks))
        .nodeSource(cluster).cloudProvider(cloud).clock(clock).ledger(ledger).executor(Runnable::run)
        .build();
  }

  /** Fails the node without saying since when, so that only the record knows the start. */
  private static HealthCheck failingOn(String name) {
    return (NodeInfo node, io.healer.api.check.CheckContext context) ->
        node.name().equals(name) ? Verdict.unhealthy("probe failed") : Verdict.healthy();
  }

  private static HealthCheck healthy() {
    return (node, context) -> Verdict.healthy();
  }

  private void runFor(HealingEngine engine, int minutes) {
    engine.runCycle();
    for (int i = 0; i < minutes; i++) {
      clock.advance(Duration.ofMinutes(1));
      engine.runCycle();
    }
  }
}
