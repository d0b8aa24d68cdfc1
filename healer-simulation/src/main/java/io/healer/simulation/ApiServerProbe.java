package io.healer.simulation;

import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.api.check.HealthCheck;

/**
 * Stands in for the stock Endpoint check on masters ({@code GET https://<ip>:6443/healthz}): the
 * real one needs real HTTP servers, far too slow for a thousand seeds. Like the Endpoint check it
 * says unhealthy without a failure start, so healer counts from its first failed probe.
 */
final class ApiServerProbe implements HealthCheck {

  /** The check type under which masters get it. */
  static final String TYPE = "ApiServer";

  private final World world;

  ApiServerProbe(World world) {
    this.world = world;
  }

  @Override
  public Verdict check(NodeInfo node, CheckContext context) {
    return world.apiServerAnswers(node.name())
        ? Verdict.healthy()
        : Verdict.unhealthy("GET https://" + node.address("InternalIP").orElse(node.name())
            + ":6443/healthz: connection refused");
  }
}
