package io.healer.core.engine;

import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.api.check.HealthCheck;

/** A minimal NodeCondition-like check for engine tests: Ready=True is healthy. */
final class ReadyCheck implements HealthCheck {

  @Override
  public Verdict check(NodeInfo node, CheckContext context) {
    return node.condition("Ready")
        .map(c -> c.status().equals("True")
            ? Verdict.healthy()
            : Verdict.unhealthy("Ready is " + c.status()).since(c.lastTransitionTime().orElse(null)))
        .orElse(Verdict.unknown("no Ready condition"));
  }
}
