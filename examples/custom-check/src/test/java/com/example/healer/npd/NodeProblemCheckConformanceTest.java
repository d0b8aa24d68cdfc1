package com.example.healer.npd;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.config.Settings;
import io.healer.fakes.Nodes;
import io.healer.testkit.HealthCheckConformance;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The NodeProblem check follows every rule healer sets for a check plugin. */
class NodeProblemCheckConformanceTest extends HealthCheckConformance {

  @Override
  protected HealthCheckFactory factory() {
    return new NodeProblemCheckFactory();
  }

  @Override
  protected Settings validSettings() {
    return Settings.of(Map.of("conditions", List.of("KernelDeadlock"), "max-lease-age", "40s"));
  }

  @Override
  protected Settings malformedSettings() {
    return Settings.of(Map.of("max-lease-age", "forty seconds"));
  }

  @Override
  protected NodeInfo healthyNode() {
    return Nodes.worker("worker-1", now().minus(Duration.ofDays(1)))
        .condition(NodeCondition.of("KernelDeadlock", "False", now().minus(Duration.ofDays(1))))
        .heartbeatTime(now().minusSeconds(10))
        .build();
  }

  @Override
  protected NodeInfo unhealthyNode() {
    return Nodes.worker("worker-2", now().minus(Duration.ofDays(1)))
        .condition(NodeCondition.of("KernelDeadlock", "True", now().minusSeconds(90)))
        .build();
  }
}
