package io.healer.api.cloud;

import io.healer.api.API;
import io.healer.api.NodeRole;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The health of the whole cluster as the engine sees it after a cycle, for providers that report
 * it to the cloud (Magnum's {@code health_status}).
 *
 * @param unhealthyNodes every node of both roles that a check judges unhealthy, in name order
 * @param observedAt when the engine made the observation
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record ClusterHealth(List<UnhealthyNode> unhealthyNodes, Instant observedAt) {

  /**
   * Validates and copies.
   *
   * @param unhealthyNodes the unhealthy nodes, not {@code null}; copied
   * @param observedAt when the engine made the observation, not {@code null}
   */
  public ClusterHealth {
    unhealthyNodes = List.copyOf(unhealthyNodes);
    Objects.requireNonNull(observedAt, "observedAt");
  }

  /**
   * Whether no node is unhealthy.
   *
   * @return {@code true} if {@link #unhealthyNodes()} is empty
   */
  public boolean healthy() {
    return unhealthyNodes.isEmpty();
  }

  /**
   * One unhealthy node.
   *
   * @param name the node's name
   * @param role its role
   * @param check the first failing check as shown ({@link io.healer.api.check.CheckId#display()}):
   *     its type, or its name or its type and position when the operator gave names or configured
   *     more than one check of one type
   * @param reason that check's reason
   * @param since when the node was first seen failing that check
   */
  @API(status = API.Status.STABLE, since = "0.1")
  public record UnhealthyNode(String name, NodeRole role, String check, String reason, Instant since) {

    /**
     * Validates the components.
     *
     * @param name the node's name, not {@code null}
     * @param role its role, not {@code null}
     * @param check the first failing check as shown, not {@code null}
     * @param reason that check's reason, not {@code null}
     * @param since when the node was first seen failing that check, not {@code null}
     */
    public UnhealthyNode {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(since, "since");
    }
  }
}
