package io.healer.api.cloud;

import io.healer.api.API;
import io.healer.api.NodeRole;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The cloud that repairs nodes: OpenStack Magnum in healer's own provider, anything else in a
 * plugin. The engine decides when and what to repair; the provider only carries it out and says
 * what happened.
 *
 * <p><b>Contract.</b> Methods are called from the engine's thread, one cycle at a time, but an
 * embedder may share a provider between engines, so implementations should be thread-safe. No
 * method may block for minutes: a repair that takes long returns {@link RepairResult#started} and
 * the engine watches the node recover. Errors are returned, not thrown: {@link
 * #clusterStatus()} returns {@link ClusterStatus#unknown} when the cloud cannot be asked, {@link
 * #repair} returns {@link RepairResult#failed} per node (only {@link #reportClusterHealth} throws
 * when the cloud refuses it). An exception that escapes {@link #repair} anyway is taken as "the
 * request may have reached the cloud": the repair is not repeated before its time to recover is
 * over. Secrets never reach a log, an exception message or a {@code toString()}.
 *
 * <pre>{@code
 * final class WebhookProvider implements CloudProvider {
 *   public List<RepairResult> repair(RepairRequest request) {
 *     return request.targets().stream()
 *         .map(t -> post(t.node().name(), t.action())
 *             ? RepairResult.started(t.node().name(), "")
 *             : RepairResult.failed(t.node().name(), "webhook answered 500"))
 *         .toList();
 *   }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface CloudProvider {

  /**
   * Starts the requested repairs.
   *
   * @param request the nodes and actions, never {@code null}
   * @return one result per target, in any order, never {@code null}; a target without a result is
   *     taken as failed
   */
  List<RepairResult> repair(RepairRequest request);

  /**
   * Whether the cloud allows repairs now: healing enabled on the cloud side and the cluster not
   * busy. Asked at most once per cycle, and only when there is something to repair.
   *
   * @return the status; {@link ClusterStatus#ready()} by default
   */
  default ClusterStatus clusterStatus() {
    return ClusterStatus.ready();
  }

  /**
   * The actions this provider can carry out for nodes of a role, gentlest first by the engine.
   *
   * @param role the nodes' role
   * @return the supported actions; all of them by default
   */
  default Set<RepairAction> supportedActions(NodeRole role) {
    return EnumSet.allOf(RepairAction.class);
  }

  /**
   * Receives the cluster's health after a cycle, for providers that report it to the cloud. Called
   * only when it changed since the last report that went through. When the cloud refuses the
   * report, throw (with a message free of secrets): the engine logs it and sends the report again
   * next cycle.
   *
   * @param health the cluster's health, never {@code null}
   */
  default void reportClusterHealth(ClusterHealth health) {}

  /**
   * How many calls to the cloud failed since this provider was created, by service and cause: for
   * a metric an alert can fire on when the cloud stops answering. Counts only grow.
   *
   * @return a snapshot of the counts; empty by default (a provider that does not count)
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  default java.util.Map<FailedCall, Long> failedCalls() {
    return java.util.Map.of();
  }

  /**
   * Whether the node's server is powered on, read fresh from the cloud: fencing taints a node
   * only when this says {@link PowerState#off}. Asked only for a worker about to be rebuilt or
   * replaced whose pods could not be drained, once per cycle while it waits. Errors are returned
   * as {@link PowerState#unknown}, never thrown.
   *
   * @param node the node, never {@code null}
   * @return the state, never {@code null}; unknown by default (a provider that cannot tell), so
   *     the engine never fences with it
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  default PowerState powerState(io.healer.api.NodeInfo node) {
    return PowerState.unknown("the cloud provider cannot tell a server's power state");
  }

  /**
   * Asks the cloud to power the node's server off (Nova's {@code os-stop}) and returns without
   * waiting: the engine reads {@link #powerState} again in later cycles until it is off or its
   * deadline passed. Sent at most once per fencing.
   *
   * @param node the node, never {@code null}
   * @return {@link RepairResult#started} when the cloud accepted it, {@link RepairResult#failed}
   *     or {@link RepairResult#retryLater} when not; not supported by default
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  default RepairResult powerOff(io.healer.api.NodeInfo node) {
    return RepairResult.notSupported(node.name(), "the cloud provider cannot power servers off");
  }

  /**
   * What the cloud says about the node's server, read fresh: its state, and where the cloud shows
   * them, its host (an opaque id and the host's state) and zone. The engine's second opinion: asked
   * for a node whose kubelet went silent before it is repaired (and, when {@code
   * repair-dead-servers-at-once} is on, for such a node before its unhealthy-duration is over), at
   * most once per node and cycle. Errors are returned as {@link ServerState#unknown}, never thrown.
   *
   * @param node the node, never {@code null}
   * @return the state, never {@code null}; unknown by default (a provider that cannot tell), so the
   *     engine repairs as it would without a second opinion
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  default ServerState serverState(io.healer.api.NodeInfo node) {
    return ServerState.unknown("the cloud provider cannot tell a server's state");
  }
}
