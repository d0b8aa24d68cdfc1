package io.healer.checks.standard;

import io.healer.api.NodeInfo;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.config.Settings;
import io.healer.fakes.Nodes;
import io.healer.testkit.HealthCheckConformance;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The NodeCondition check follows every rule of a check plugin. */
class NodeConditionCheckConformanceTest extends HealthCheckConformance {

  @Override
  protected HealthCheckFactory factory() {
    return new NodeConditionCheckFactory();
  }

  @Override
  protected Settings validSettings() {
    return Settings.of(Map.of("types", List.of("Ready"), "ok-values", List.of("True")));
  }

  /** A list of lists where condition types belong. */
  @Override
  protected Settings malformedSettings() {
    return Settings.of(Map.of("types", List.of(List.of("Ready"))));
  }

  @Override
  protected NodeInfo healthyNode() {
    return Nodes.worker("worker-1", now().minus(Duration.ofDays(1))).build();
  }

  @Override
  protected NodeInfo unhealthyNode() {
    return Nodes.notReady(Nodes.worker("worker-2", now().minus(Duration.ofDays(1))), now()).build();
  }
}
