package io.healer.examples.demo;

import io.healer.api.NodeRole;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ClusterHealth;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.fakes.FakeCloud;
import io.healer.fakes.FakeCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The fake cloud, plus what a real reboot does to a master: its API server comes back with the
 * machine, {@code repairTime} after the repair was accepted.
 */
final class ApiServerAwareCloud implements CloudProvider {

  private final FakeCloud cloud;
  private final FakeCluster cluster;
  private final FakeApiServers apiServers;
  private final Duration repairTime;

  ApiServerAwareCloud(FakeCloud cloud, FakeCluster cluster, FakeApiServers apiServers, Duration repairTime) {
    this.cloud = cloud.repairTime(repairTime);
    this.cluster = cluster;
    this.apiServers = apiServers;
    this.repairTime = repairTime;
  }

  @Override
  public List<RepairResult> repair(RepairRequest request) {
    List<RepairResult> results = cloud.repair(request);
    for (RepairTarget target : request.targets()) {
      String name = target.node().name();
      boolean accepted = results.stream().anyMatch(r -> r.nodeName().equals(name) && r.isSuccess());
      if (accepted && target.node().role() == NodeRole.MASTER) {
        cluster.schedule(request.requestedAt().plus(repairTime), () -> apiServers.start(name));
      }
    }
    return results;
  }

  @Override
  public ClusterStatus clusterStatus() {
    return cloud.clusterStatus();
  }

  @Override
  public Set<RepairAction> supportedActions(NodeRole role) {
    return cloud.supportedActions(role);
  }

  @Override
  public void reportClusterHealth(ClusterHealth health) {
    cloud.reportClusterHealth(health);
  }
}
