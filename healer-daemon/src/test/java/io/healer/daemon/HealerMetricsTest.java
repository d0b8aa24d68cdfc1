package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckId;
import io.healer.api.cloud.RepairAction;
import java.time.Instant;
import io.healer.fakes.Nodes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
}
