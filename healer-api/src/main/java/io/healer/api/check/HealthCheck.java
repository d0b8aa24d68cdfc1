package io.healer.api.check;

import io.healer.api.API;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import java.util.EnumSet;
import java.util.Set;

/**
 * Judges one node at a time: healthy, unhealthy or unknown.
 *
 * <p>A check returns a decision and has no side effects on the cluster or the cloud: it never
 * cordons, annotates or repairs. The engine tracks for how long a node has been unhealthy (the
 * check's {@code unhealthy-duration}, read by the engine from the check's config block) and decides
 * about repairs.
 *
 * <p><b>Contract.</b> {@link #check} is called concurrently for different nodes, so implementations
 * must be thread-safe. It must return within {@link CheckContext#timeout()}. It should not throw:
 * when it cannot decide (no address, missing data, its own time budget used up before it could
 * judge) it returns {@link Verdict#unknown(String)}; an exception is treated as unknown too, and
 * reported. A probed service that does not answer in time is a finding, not a doubt: unhealthy.
 *
 * <pre>{@code
 * final class KernelDeadlockCheck implements HealthCheck {
 *   public Verdict check(NodeInfo node, CheckContext context) {
 *     return node.condition("KernelDeadlock")
 *         .map(c -> c.status().equals("True") ? Verdict.unhealthy("kernel deadlock") : Verdict.healthy())
 *         .orElse(Verdict.unknown("node-problem-detector reports no KernelDeadlock condition"));
 *   }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
@FunctionalInterface
public interface HealthCheck {

  /**
   * Judges one node.
   *
   * @param node the node as last seen, never {@code null}
   * @param context the clock, the time budget and other services of the engine, never {@code null}
   * @return the verdict, never {@code null}
   */
  Verdict check(NodeInfo node, CheckContext context);

  /**
   * The roles this check can judge. Configuring it for another role is a configuration error.
   *
   * @return the supported roles; by default both
   */
  default Set<NodeRole> roles() {
    return EnumSet.allOf(NodeRole.class);
  }

  /**
   * Releases what the check holds (HTTP clients, threads) when the healer stops or reloads its
   * config. Called once; the check is not used afterwards. Does nothing by default.
   */
  default void close() {}
}
