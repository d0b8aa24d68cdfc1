package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.CycleSummary;
import io.healer.api.embedding.HealerEvent;
import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckId;
import io.healer.api.cloud.RepairAction;
import io.healer.fakes.Nodes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealerMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HealerMetrics metrics = new HealerMetrics(registry, () -> true);

  private double verdicts(String check, String verdict) {
    return registry.get("healer.checks").tag("check", check).tag("verdict", verdict).counter().count();
  }

  @Test
  void countsTheVerdictsOfTwoChecksOfOneTypeApartByHowTheyAreShown() {
    NodeInfo node = Nodes.worker("worker-1").build();
    CheckId kubelet = CheckId.of(1, "Endpoint", null, true);
    CheckId apiServer = CheckId.of(2, "Endpoint", "api-server", true);

    metrics.onVerdict(node, kubelet, Verdict.unhealthy("connection refused"));
    metrics.onVerdict(node, apiServer, Verdict.healthy());
    metrics.onVerdict(node, apiServer, Verdict.healthy());

    assertThat(verdicts("Endpoint#1", "unhealthy")).isEqualTo(1.0);
    assertThat(verdicts("api-server", "healthy")).isEqualTo(2.0);
    assertThat(registry.find("healer.checks").tag("check", "Endpoint").counters()).isEmpty();
  }

  @Test
  void countsRepairsAcceptedDoneAndFailedApart() {
    NodeInfo node = Nodes.worker("worker-1").build();
    for (HealerEvent.Type type : new HealerEvent.Type[] {HealerEvent.Type.REPAIR_STARTED,
        HealerEvent.Type.REPAIR_SUCCEEDED, HealerEvent.Type.REPAIR_FAILED, HealerEvent.Type.REPAIR_STARTED,
        HealerEvent.Type.REPAIR_SUCCEEDED, HealerEvent.Type.REPAIR_DONE, HealerEvent.Type.RECOVERED}) {
      metrics.onEvent(HealerEvent.builder(type, node, Instant.EPOCH).action(RepairAction.REBOOT).build());
    }

    assertThat(repairs("started")).isEqualTo(2.0);
    assertThat(repairs("succeeded")).as("accepted by the cloud").isEqualTo(2.0);
    assertThat(repairs("done")).isEqualTo(1.0);
    assertThat(repairs("failed")).isEqualTo(1.0);
    assertThat(registry.get("healer.events").tag("reason", "RepairDone").counter().count()).isEqualTo(1.0);
  }

  private double repairs(String outcome) {
    return registry.get("healer.repairs").tag("action", "reboot").tag("outcome", outcome).counter().count();
  }

  @Test
  void countsHoldsByTheirRuleAndShowsWhatHeldBackTheWholeCycle() {
    NodeInfo node = Nodes.worker("worker-1").build();
    metrics.onEvent(HealerEvent.builder(HealerEvent.Type.REPAIR_SKIPPED, node, Instant.EPOCH)
        .message("the node opted out with healer.io/exclude=true").build());

    assertThat(held("excluded")).isEqualTo(1.0);
    assertThat(held("storm_guard")).as("registered at 0 before the first hold").isZero();

    metrics.onCycle(new CycleSummary(Instant.EPOCH, Duration.ofMillis(5), 5, 0, 3, 0, 0,
        "storm guard: 3 of 5 workers are unhealthy, more than the 2 allowed (max-unhealthy-workers: 2)"));
    assertThat(cycleHeldBack("storm_guard")).isEqualTo(1.0);
    assertThat(cycleHeldBack("paused")).isZero();

    metrics.onCycle(new CycleSummary(Instant.EPOCH, Duration.ofMillis(5), 5, 0, 0, 0, 0, ""));
    assertThat(cycleHeldBack("storm_guard")).isZero();
  }

  private double held(String why) {
    return registry.get("healer.repairs.held").tag("why", why).tag("role", "worker").counter().count();
  }

  private double cycleHeldBack(String why) {
    return registry.get("healer.cycle.held.back").tag("why", why).gauge().value();
  }
}
