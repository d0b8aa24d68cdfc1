package io.healer.daemon;

import io.healer.api.NodeRole;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ClusterHealth;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.FailedCall;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The daemon's provider, as the engine calls it, remembering the last cluster status the cloud
 * gave, for the metric {@code healer_cloud_cluster_status}. Everything else is the provider's own.
 */
final class ObservedCloud implements CloudProvider {

  private final CloudProvider provider;
  private volatile ClusterStatus last;

  ObservedCloud(CloudProvider provider) {
    this.provider = provider;
  }

  /** The last status the engine was given, if it asked yet. */
  Optional<ClusterStatus> lastStatus() {
    return Optional.ofNullable(last);
  }

  @Override
  public ClusterStatus clusterStatus() {
    try {
      ClusterStatus status = provider.clusterStatus();
      last = status == null ? ClusterStatus.unknown("the provider gave no status") : status;
      return status;
    } catch (RuntimeException e) {
      last = ClusterStatus.unknown("the provider failed: " + e.getClass().getSimpleName());
      throw e;
    }
  }

  @Override
  public List<RepairResult> repair(RepairRequest request) {
    return provider.repair(request);
  }

  @Override
  public Set<RepairAction> supportedActions(NodeRole role) {
    return provider.supportedActions(role);
  }

  @Override
  public void reportClusterHealth(ClusterHealth health) {
    provider.reportClusterHealth(health);
  }

  @Override
  public Map<FailedCall, Long> failedCalls() {
    return provider.failedCalls();
  }
}
