package io.healer.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.api.check.HealthCheck;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.cloud.RepairAction;
import io.healer.api.config.Settings;
import io.healer.core.config.ConfigLoader;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.InMemoryRepairLedger;
import io.healer.core.plugin.PluginRegistry;
import io.healer.fakes.FakeCloud;
import io.healer.fakes.FakeCluster;
import io.healer.fakes.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two checks of one type on one role, as an operator configures them (two Endpoint checks, one for
 * the kubelet and one for the API server): each is a check of its own, and a failure of either one
 * leads to a repair, whichever comes first in the list. The Go magnum-auto-healer runs one checker
 * per entry and repairs when any of them fails.
 */
@DisplayName("Two checks of one type on a role")
class ChecksOfOneTypeTest {

  private static final String CONFIG = """
      cluster-name: prod
      healthcheck:
        worker:
          - type: Condition
            params:
              condition: %s
              healthy-status: "%s"
              unhealthy-duration: 5m
          - type: Condition
            params:
              condition: %s
              healthy-status: "%s"
              unhealthy-duration: 5m
      """;

  private final ManualClock clock = new ManualClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeCloud cloud = FakeCloud.connectedTo(cluster, clock);
  private final InMemoryRepairLedger ledger = new InMemoryRepairLedger();
  private final List<HealerEvent> events = new ArrayList<>();

  /** Like NodeCondition, with one condition per entry: healthy while it has the given status. */
  private static final class ConditionCheckFactory implements HealthCheckFactory {
    @Override
    public String type() {
      return "Condition";
    }

    @Override
    public HealthCheck create(Settings settings) {
      settings.requireOnlyKeys(List.of("condition", "healthy-status"));
      String condition = settings.requiredString("condition");
      String healthy = settings.requiredString("healthy-status");
      return (NodeInfo node, CheckContext context) -> node.condition(condition)
          .map(c -> c.status().equals(healthy) ? Verdict.healthy()
              : Verdict.unhealthy(condition + " is " + c.status()).since(c.lastTransitionTime().orElse(null)))
          .orElse(Verdict.healthy());
    }
  }

  private HealerConfig readyFirst() {
    return ConfigLoader.parse(CONFIG.formatted("Ready", "True", "DiskPressure", "False"), "config.yaml");
  }

  private HealerConfig diskFirst() {
    return ConfigLoader.parse(CONFIG.formatted("DiskPressure", "False", "Ready", "True"), "config.yaml");
  }

  private Healer healer(HealerConfig config) {
    return Healer.builder(config)
        .plugins(PluginRegistry.builder().discover(false).addCheckFactory(new ConditionCheckFactory()).build())
        .nodeSource(cluster).cloudProvider(cloud).clock(clock).ledger(ledger).executor(Runnable::run)
        .listener(new HealerListener() {
          @Override
          public void onEvent(HealerEvent event) {
            events.add(event);
          }
        })
        .build();
  }

  private void workers() {
    for (int i = 1; i <= 4; i++) {
      cluster.addWorker("worker-" + i);
      cluster.setCondition("worker-" + i, "DiskPressure", "False", "KubeletHasNoDiskPressure");
    }
  }

  /** Runs a cycle now and one a minute for the given minutes. */
  private static void runFor(Healer healer, ManualClock clock, int minutes) {
    healer.runOnce();
    for (int i = 0; i < minutes; i++) {
      clock.advance(Duration.ofMinutes(1));
      healer.runOnce();
    }
  }

  private List<RepairAction> repairsOf(String node) {
    return cloud.repairsOf(node).stream().map(FakeCloud.Repair::action).toList();
  }

  @Test
  void repairsWhenTheFailingCheckComesFirstAndAHealthyOneOfItsTypeFollows() {
    assertReadyFailureIsRepairedAfterFiveMinutes(readyFirst(), "worker-2", "Condition#1: Ready is False");
  }

  @Test
  void repairsWhenTheFailingCheckComesSecondAfterAHealthyOneOfItsType() {
    assertReadyFailureIsRepairedAfterFiveMinutes(diskFirst(), "worker-3", "Condition#2: Ready is False");
  }

  private void assertReadyFailureIsRepairedAfterFiveMinutes(HealerConfig config, String node, String reason) {
    workers();
    try (Healer healer = healer(config)) {
      healer.runOnce();
      cluster.setCondition(node, "Ready", "False", "KubeletNotReady");

      runFor(healer, clock, 4);
      assertThat(cloud.repairs()).as("before the unhealthy-duration").isEmpty();
      runFor(healer, clock, 1);
    }

    assertThat(repairsOf(node)).containsExactly(RepairAction.REBOOT);
    assertThat(cloud.repairsOf(node).get(0).reason()).isEqualTo(reason);
    assertThat(cloud.repairs()).as("only the failing node").hasSize(1);
  }

  @Test
  void aRestartInBetweenKeepsEachChecksOwnStart() {
    workers();
    try (Healer healer = healer(readyFirst())) {
      healer.runOnce();
      cluster.setCondition("worker-1", "Ready", "False", "KubeletNotReady");
      runFor(healer, clock, 1);
      // The second check fails a minute after the first: its own clock starts then.
      cluster.setCondition("worker-1", "DiskPressure", "True", "KubeletHasDiskPressure");
      runFor(healer, clock, 1);
    }

    try (Healer restarted = healer(readyFirst())) {
      runFor(restarted, clock, 2);
      assertThat(cloud.repairs()).as("four minutes after the first check began to fail").isEmpty();
      runFor(restarted, clock, 1);
    }

    assertThat(repairsOf("worker-1")).as("five minutes after the first check began to fail, across the restart")
        .containsExactly(RepairAction.REBOOT);
    assertThat(cloud.repairsOf("worker-1").get(0).reason()).isEqualTo("Condition#1: Ready is False");
  }

  @Test
  void eventsNameTheCheckByItsPosition() {
    workers();
    try (Healer healer = healer(readyFirst())) {
      healer.runOnce();
      cluster.setCondition("worker-4", "Ready", "False", "KubeletNotReady");
      cluster.setCondition("worker-4", "DiskPressure", "True", "KubeletHasDiskPressure");
      healer.runOnce();
    }

    assertThat(events).filteredOn(e -> e.type() == HealerEvent.Type.UNHEALTHY_DETECTED)
        .extracting(e -> e.check().orElseThrow())
        .containsExactly("Condition#1", "Condition#2");
  }
}
