package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckId;
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
}
