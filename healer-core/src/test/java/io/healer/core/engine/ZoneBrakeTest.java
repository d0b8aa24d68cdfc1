package io.healer.core.engine;

import static io.healer.api.embedding.HealerEvent.Type.REPAIR_SKIPPED;
import static io.healer.api.cloud.RepairAction.REBOOT;
import static io.healer.core.engine.StormStatePersistenceTest.actionsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.CycleSummary;
import io.healer.api.embedding.HealerEvent;
import io.healer.core.config.UnhealthyLimit;
import io.healer.fakes.FakeCluster;
import io.healer.fakes.Nodes;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@code max-unhealthy-per-zone}: failures that cluster in one zone hold that zone, not the others. */
class ZoneBrakeTest {

  static final Duration COOLDOWN = Duration.ofMinutes(10);

  /** Four workers in eu-1a and four in eu-1b; group limits high enough not to interfere. */
  static EngineFixture twoZones(UnaryOperator<io.healer.core.config.HealerConfig.Builder> more) {
    EngineFixture f = new EngineFixture(c -> more.apply(c.stormCooldown(COOLDOWN).maxRepairsInFlightPerGroup(5)));
    for (String zone : new String[] {"eu-1a", "eu-1b"}) {
      for (int i = 1; i <= 4; i++) {
        add(f, Nodes.worker(zone + "-w" + i, established(f)), ZoneGuard.ZONE_LABEL, zone);
      }
    }
    return f;
  }

  static java.time.Instant established(EngineFixture f) {
    return f.clock.instant().minus(FakeCluster.ESTABLISHED_AGE);
  }

  static void add(EngineFixture f, io.healer.api.NodeInfo.Builder node, String label, String value) {
    f.cluster.add(node.label(label, value).build());
  }

  /** Three of eu-1a's workers go silent at once; one worker of eu-1b dies on its own. */
  static EngineFixture zoneOutageAndOneDeadWorkerElsewhere() {
    EngineFixture f = twoZones(c -> c);
    f.cluster.killKubelet("eu-1a-w1");
    f.cluster.killKubelet("eu-1a-w2");
    f.cluster.killKubelet("eu-1a-w3");
    f.cluster.killKubelet("eu-1b-w1");
    return f;
  }

  @Test
  void holdsTheZoneOfAnOutageWhileAnotherZonesSingleFailureIsRepaired() {
    EngineFixture f = zoneOutageAndOneDeadWorkerElsewhere();

    f.runFor(Duration.ofMinutes(10));

    assertThat(actionsOf(f.cloud, "eu-1b-w1")).containsExactly(REBOOT);
    for (int i = 1; i <= 3; i++) {
      assertThat(actionsOf(f.cloud, "eu-1a-w" + i)).isEmpty();
    }
    assertThat(f.events(REPAIR_SKIPPED, "eu-1a-w1")).last().extracting(HealerEvent::message).asString()
        .isEqualTo("zone eu-1a: 3 of 4 workers unhealthy at once, limit 50%: held as a likely zone outage"
            + " (max-unhealthy-per-zone)");
    CycleSummary summary = f.engine.runCycle();
    assertThat(summary.skippedBecause()).contains("zone eu-1a: 3 of 4 workers unhealthy at once");
  }

  @Test
  void aZoneWhoseNodesComeBackCoolsDownBeforeItsLastDeadNodeIsRepaired() {
    EngineFixture f = zoneOutageAndOneDeadWorkerElsewhere();
    f.runFor(Duration.ofMinutes(10));
    f.cluster.revive("eu-1a-w1");
    f.cluster.revive("eu-1a-w2");

    f.runFor(Duration.ofMinutes(9));
    assertThat(actionsOf(f.cloud, "eu-1a-w3")).isEmpty();
    assertThat(f.events(REPAIR_SKIPPED, "eu-1a-w3")).last().extracting(HealerEvent::message).asString()
        .startsWith("zone eu-1a: cooling down after a likely zone outage until ");

    f.runFor(Duration.ofMinutes(1));
    assertThat(actionsOf(f.cloud, "eu-1a-w3")).containsExactly(REBOOT);
  }

  @Test
  void aRestartDuringAZonesCoolDownTakesItFromTheLedger() {
    EngineFixture f = zoneOutageAndOneDeadWorkerElsewhere();
    f.runFor(Duration.ofMinutes(10));
    f.cluster.revive("eu-1a-w1");
    f.cluster.revive("eu-1a-w2");
    f.runFor(Duration.ofMinutes(2));

    f.start(); // a new process: nothing in memory, the same ledger
    f.runFor(Duration.ofMinutes(6));
    assertThat(actionsOf(f.cloud, "eu-1a-w3")).as("the ledger shows two of eu-1a's nodes back by themselves")
        .isEmpty();

    f.runFor(Duration.ofMinutes(2));
    assertThat(actionsOf(f.cloud, "eu-1a-w3")).containsExactly(REBOOT);
  }

  @Test
  void failuresWithinTheLimitOfTheirZoneAreRepaired() {
    EngineFixture f = twoZones(c -> c);
    f.cluster.killKubelet("eu-1a-w1");
    f.cluster.killKubelet("eu-1a-w2");

    f.runFor(Duration.ofMinutes(6));

    assertThat(actionsOf(f.cloud, "eu-1a-w1")).containsExactly(REBOOT);
    assertThat(actionsOf(f.cloud, "eu-1a-w2")).containsExactly(REBOOT);
  }

  @Test
  void withoutAZoneLabelTheNodeGroupIsTheDomain() {
    EngineFixture f = new EngineFixture(c -> c.maxRepairsInFlightPerGroup(5));
    for (int i = 1; i <= 6; i++) {
      add(f, Nodes.worker("gpu-" + i, established(f)), Nodes.NODE_GROUP_LABEL, i <= 2 ? "gpu-worker" : "default-worker");
    }
    f.cluster.killKubelet("gpu-1");
    f.cluster.killKubelet("gpu-2");

    f.runFor(Duration.ofMinutes(10));

    assertThat(f.cloud.requests()).isEmpty();
    assertThat(f.events(REPAIR_SKIPPED, "gpu-1")).last().extracting(HealerEvent::message).asString()
        .isEqualTo("node group gpu-worker: 2 of 2 workers unhealthy at once, limit 50%: held as a likely zone"
            + " outage (max-unhealthy-per-zone)");
  }

  @Test
  void nodesWithNeitherLabelFormNoZone() {
    EngineFixture f = new EngineFixture(c -> c.maxRepairsInFlightPerGroup(5)
        .maxUnhealthyWorkers(UnhealthyLimit.percent(100)));
    for (int i = 1; i <= 2; i++) {
      add(f, Nodes.worker("bare-" + i, established(f)), Nodes.NODE_GROUP_LABEL, "");
    }
    f.cluster.killKubelet("bare-1");
    f.cluster.killKubelet("bare-2");

    f.runFor(Duration.ofMinutes(6));

    assertThat(actionsOf(f.cloud, "bare-1")).containsExactly(REBOOT);
    assertThat(actionsOf(f.cloud, "bare-2")).containsExactly(REBOOT);
  }

  @Test
  void oneHundredPercentSwitchesTheRuleOff() {
    EngineFixture f = twoZones(c -> c.maxUnhealthyPerZone(UnhealthyLimit.percent(100))
        .maxUnhealthyWorkers(UnhealthyLimit.percent(100)));
    for (int i = 1; i <= 4; i++) {
      f.cluster.killKubelet("eu-1a-w" + i);
    }

    f.runFor(Duration.ofMinutes(6));

    for (int i = 1; i <= 3; i++) {
      assertThat(actionsOf(f.cloud, "eu-1a-w" + i)).containsExactly(REBOOT);
    }
  }

  @Test
  void aMasterInAnOutageZoneIsHeldWithItsZone() {
    EngineFixture f = new EngineFixture(c -> c.maxRepairsInFlightPerGroup(5));
    String[] zones = {"eu-1a", "eu-1b", "eu-1c"};
    for (int z = 0; z < 3; z++) {
      add(f, Nodes.master("master-" + (z + 1), established(f)), ZoneGuard.ZONE_LABEL, zones[z]);
      for (int i = 1; i <= 2; i++) {
        add(f, Nodes.worker(zones[z] + "-w" + i, established(f)), ZoneGuard.ZONE_LABEL, zones[z]);
      }
    }
    // eu-1a goes dark: its master and both workers. One master of three down keeps quorum, so only
    // the zone rule stands between it and a pointless reboot.
    f.cluster.killKubelet("master-1");
    f.cluster.killKubelet("eu-1a-w1");
    f.cluster.killKubelet("eu-1a-w2");

    f.runFor(Duration.ofMinutes(10));

    assertThat(f.cloud.requests()).isEmpty();
    assertThat(f.events(REPAIR_SKIPPED, "master-1")).last().extracting(HealerEvent::message).asString()
        .isEqualTo("zone eu-1a: 3 of 3 nodes unhealthy at once, limit 50%: held as a likely zone outage"
            + " (max-unhealthy-per-zone)");
  }
}
