package io.healer.daemon;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ClusterHealth;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.FailedCall;
import io.healer.api.cloud.PowerState;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.ServerState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The daemon's provider, as the engine calls it, remembering the last cluster status the cloud
 * gave, for the metric {@code healer_cloud_cluster_status}, and counting the engine's calls, for
 * {@code healer_cloud_calls_total{call,outcome}} ({@code call}: {@code cluster_status}, {@code
 * repair}, {@code report_cluster_health}, {@code power_state}, {@code power_off}, {@code
 * server_state}; {@code outcome}: {@code ok}, or {@code error} when the provider threw). Every
 * method of {@link CloudProvider} is passed on: one left to its default would silently turn off
 * what the engine asks it for (fencing, the second opinion), as it did before
 * {@code SecondOpinionOnRealServersTest}.
 */
final class ObservedCloud implements CloudProvider {

  private static final List<String> CALLS =
      List.of("cluster_status", "repair", "report_cluster_health", "power_state", "power_off", "server_state");

  private final CloudProvider provider;
  private final MeterRegistry registry;
  private volatile ClusterStatus last;

  /** Counting nothing: only the last status is kept. */
  ObservedCloud(CloudProvider provider) {
    this(provider, null);
  }

  /** Counting the calls in {@code registry}. */
  ObservedCloud(CloudProvider provider, MeterRegistry registry) {
    this.provider = provider;
    this.registry = registry;
    for (String call : CALLS) {
      for (String outcome : new String[] {"ok", "error"}) {
        counter(call, outcome);
      }
    }
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
      count("cluster_status", "ok");
      return status;
    } catch (RuntimeException e) {
      last = ClusterStatus.unknown("the provider failed: " + e.getClass().getSimpleName());
      count("cluster_status", "error");
      throw e;
    }
  }

  @Override
  public List<RepairResult> repair(RepairRequest request) {
    return counted("repair", () -> provider.repair(request));
  }

  @Override
  public PowerState powerState(NodeInfo node) {
    return counted("power_state", () -> provider.powerState(node));
  }

  @Override
  public RepairResult powerOff(NodeInfo node) {
    return counted("power_off", () -> provider.powerOff(node));
  }

  @Override
  public ServerState serverState(NodeInfo node) {
    return counted("server_state", () -> provider.serverState(node));
  }

  @Override
  public Set<RepairAction> supportedActions(NodeRole role) {
    return provider.supportedActions(role);
  }

  @Override
  public void reportClusterHealth(ClusterHealth health) {
    counted("report_cluster_health", () -> {
      provider.reportClusterHealth(health);
      return null;
    });
  }

  /** Calls the provider, counting the call as {@code ok} or, when it throws, {@code error}. */
  private <T> T counted(String call, Supplier<T> body) {
    try {
      T result = body.get();
      count(call, "ok");
      return result;
    } catch (RuntimeException e) {
      count(call, "error");
      throw e;
    }
  }

  private void count(String call, String outcome) {
    Counter counter = counter(call, outcome);
    if (counter != null) {
      counter.increment();
    }
  }

  private Counter counter(String call, String outcome) {
    if (registry == null) {
      return null;
    }
    return Counter.builder("healer.cloud.calls")
        .description("Calls of the engine to the cloud provider, by call and outcome")
        .tag("call", call)
        .tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public Map<FailedCall, Long> failedCalls() {
    return provider.failedCalls();
  }
}
