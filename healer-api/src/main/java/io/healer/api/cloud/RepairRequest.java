package io.healer.api.cloud;

import io.healer.api.API;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The repairs the engine asks a provider to start in one cycle. Several targets are given at once
 * so a provider can batch them (one Magnum resize for several workers of one node group).
 *
 * @param targets the nodes to repair, at least one, each node at most once
 * @param requestedAt when the engine made the request (by its clock)
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record RepairRequest(List<RepairTarget> targets, Instant requestedAt) {

  /**
   * Validates and copies.
   *
   * @param targets the nodes to repair, not {@code null}; copied
   * @param requestedAt when the engine made the request, not {@code null}
   */
  public RepairRequest {
    targets = List.copyOf(targets);
    Objects.requireNonNull(requestedAt, "requestedAt");
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a repair request needs at least one target");
    }
    long distinct = targets.stream().map(t -> t.node().name()).distinct().count();
    if (distinct != targets.size()) {
      throw new IllegalArgumentException("a node may appear only once in a repair request");
    }
  }
}
