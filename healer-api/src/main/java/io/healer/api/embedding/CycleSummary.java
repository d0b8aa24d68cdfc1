package io.healer.api.embedding;

import io.healer.api.API;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one cycle of the engine saw and did, for metrics and logs.
 *
 * @param startedAt when the cycle started, by the engine's clock
 * @param took how long it took by the engine's clock (wall time spent checking and repairing)
 * @param nodes how many nodes were seen
 * @param unhealthyMasters masters judged unhealthy by at least one check
 * @param unhealthyWorkers workers judged unhealthy by at least one check
 * @param unknownVerdicts verdicts that were unknown this cycle
 * @param repairsRequested repairs asked of the cloud this cycle
 * @param skippedBecause why repairs were held back this cycle, empty if none were
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CycleSummary(
    Instant startedAt,
    Duration took,
    int nodes,
    int unhealthyMasters,
    int unhealthyWorkers,
    int unknownVerdicts,
    int repairsRequested,
    String skippedBecause) {

  /**
   * Validates the components.
   *
   * @param startedAt when the cycle started, not {@code null}
   * @param took how long it took, not {@code null}
   * @param nodes how many nodes were seen
   * @param unhealthyMasters masters judged unhealthy
   * @param unhealthyWorkers workers judged unhealthy
   * @param unknownVerdicts verdicts that were unknown
   * @param repairsRequested repairs asked of the cloud
   * @param skippedBecause why repairs were held back, not {@code null}; empty if none were
   */
  public CycleSummary {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(took, "took");
    Objects.requireNonNull(skippedBecause, "skippedBecause");
  }
}
