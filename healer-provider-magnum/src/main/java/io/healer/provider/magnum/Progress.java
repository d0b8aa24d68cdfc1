package io.healer.provider.magnum;

import io.healer.provider.magnum.internal.ContainerInfra.NodeGroup;
import java.time.Instant;

/**
 * Where a node's replacement stands between cycles: the provider advances it one step per call
 * and answers "retry later" until the last cloud call is accepted, so no thread waits minutes.
 *
 * @param phase the step reached
 * @param stopRequestedAt when {@code os-stop} was sent
 * @param nodeGroup the worker's node group (workers only)
 * @param rootVolume the master's root volume id, or empty
 */
record Progress(Phase phase, Instant stopRequestedAt, NodeGroup nodeGroup, String rootVolume) {

  enum Phase {
    /** Data volumes detached, {@code os-stop} sent; waiting for SHUTOFF. */
    STOPPING,
    /** Worker: stopped (or the wait is over); the resize is next. */
    READY_TO_RESIZE,
    /** Master: its server resource is marked unhealthy; the stack update is next. */
    MARKED
  }

  Progress with(Phase next) {
    return new Progress(next, stopRequestedAt, nodeGroup, rootVolume);
  }
}
