package io.healer.core.config;

import io.healer.api.API;
import io.healer.api.NodeRole;
import io.healer.api.config.Settings;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the engine needs to know, with the Go magnum-auto-healer's keys and defaults plus
 * healer's own safety settings. Read from config.yaml by {@link ConfigLoader}, or built in code:
 *
 * <pre>{@code
 * HealerConfig config = HealerConfig.builder("prod-eu")
 *     .workerChecks(List.of(CheckConfig.of("NodeCondition")))
 *     .maxUnhealthyWorkers(UnhealthyLimit.count(2))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} never prints the provider block (it holds
 * credentials).
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class HealerConfig {

  /** Go default of {@code monitor-interval}. */
  public static final Duration DEFAULT_MONITOR_INTERVAL = ConfigKeys.MONITOR_INTERVAL.initial();
  /** Go default of {@code check-delay-after-add}. */
  public static final Duration DEFAULT_CHECK_DELAY_AFTER_ADD = ConfigKeys.CHECK_DELAY_AFTER_ADD.initial();
  /** Go default of {@code rebuild-delay-after-reboot}. */
  public static final Duration DEFAULT_REBUILD_DELAY_AFTER_REBOOT = ConfigKeys.REBUILD_DELAY_AFTER_REBOOT.initial();
  /** Go default of {@code cloud-provider}. */
  public static final String DEFAULT_CLOUD_PROVIDER = ConfigKeys.CLOUD_PROVIDER.initial();
  /** Default of {@code node-group-label}: the label Magnum puts on every node. */
  public static final String DEFAULT_NODE_GROUP_LABEL = ConfigKeys.NODE_GROUP_LABEL.initial();
  /** The Go healer's leader-election Lease namespace, so that the old and the new healer share it. */
  public static final String DEFAULT_LEASE_NAMESPACE = ConfigKeys.LEASE_NAMESPACE.initial();
  /** The Go healer's leader-election Lease name. */
  public static final String DEFAULT_LEASE_NAME = ConfigKeys.LEASE_NAME.initial();
  /** Default of {@code max-unhealthy-per-zone}: more than half of a zone's nodes at once is a zone event. */
  public static final UnhealthyLimit DEFAULT_MAX_UNHEALTHY_PER_ZONE = ConfigKeys.MAX_UNHEALTHY_PER_ZONE.initial();
  /** The value of {@code max-repairs-per-hour} that sets no ceiling, and its default. */
  public static final int NO_REPAIR_CEILING = 0;
  /** Default of {@code pause-configmap}. */
  public static final String DEFAULT_PAUSE_CONFIGMAP = ConfigKeys.PAUSE_CONFIGMAP.initial();

  private final String clusterName;
  // Every other key's value, by its key; unset optional keys map to null.
  private final Map<ConfigKey<?>, Object> values;

  private HealerConfig(Builder b) {
    this.clusterName = b.clusterName;
    this.values = Collections.unmodifiableMap(new HashMap<>(b.values));
  }

  /**
   * A builder with every default of the Go healer and of healer's own keys.
   *
   * @param clusterName the cluster's name or id in the cloud (config.yaml's {@code cluster-name})
   * @return a new builder
   */
  public static Builder builder(String clusterName) {
    return new Builder(clusterName);
  }

  /**
   * A builder pre-filled with this config's values.
   *
   * @return a new builder holding every value of this config
   */
  public Builder toBuilder() {
    Builder b = new Builder(clusterName);
    b.values.putAll(values);
    return b;
  }

  /**
   * The value of a key of {@link ConfigKeys}, as the typed getters below answer it.
   *
   * @param key the key, not {@link ConfigKeys#CLUSTER_NAME} (see {@link #clusterName()})
   * @param <T> the type of the key's value
   * @return the value, or {@code null} for an optional key that is not set
   */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    if (key == ConfigKeys.CLUSTER_NAME) {
      return (T) clusterName;
    }
    return (T) values.get(key);
  }

  /**
   * {@code cluster-name}: the cluster's name or id in the cloud.
   *
   * @return the cluster name, never blank
   */
  public String clusterName() {
    return clusterName;
  }

  /**
   * {@code dry-run}: decide and report, never call the cloud or write anything but logs and events.
   *
   * @return {@code true} if the engine only decides and reports
   */
  public boolean dryRun() {
    return get(ConfigKeys.DRY_RUN);
  }

  /**
   * {@code cloud-provider}: the name of the provider plugin.
   *
   * @return the provider's name, such as {@code openstack}; never blank
   */
  public String cloudProvider() {
    return get(ConfigKeys.CLOUD_PROVIDER);
  }

  /**
   * The provider's block (for {@code openstack}, the {@code openstack} key), kept opaque.
   *
   * @return the block, never {@code null}; empty if config.yaml has none
   */
  public Settings cloudSettings() {
    return get(ConfigKeys.OPENSTACK);
  }

  /**
   * {@code monitor-interval}: time between two cycles.
   *
   * @return the interval, above zero
   */
  public Duration monitorInterval() {
    return get(ConfigKeys.MONITOR_INTERVAL);
  }

  /**
   * {@code master-monitor-enabled} / {@code worker-monitor-enabled} for the given role.
   *
   * @param role the role, not {@code null}
   * @return {@code true} if nodes of the role are checked and repaired
   */
  public boolean monitorEnabled(NodeRole role) {
    return get(role == NodeRole.MASTER ? ConfigKeys.MASTER_MONITOR_ENABLED : ConfigKeys.WORKER_MONITOR_ENABLED);
  }

  /**
   * {@code leader-elect}: whether only the elected instance repairs.
   *
   * @return {@code true} if leader election is on
   */
  public boolean leaderElect() {
    return get(ConfigKeys.LEADER_ELECT);
  }

  /**
   * {@code check-delay-after-add}: nodes younger than this are not judged.
   *
   * @return the delay, zero or more
   */
  public Duration checkDelayAfterAdd() {
    return get(ConfigKeys.CHECK_DELAY_AFTER_ADD);
  }

  /**
   * {@code rebuild-delay-after-reboot}: how long a repaired node has to recover before escalation.
   *
   * @return the delay, zero or more
   */
  public Duration rebuildDelayAfterReboot() {
    return get(ConfigKeys.REBUILD_DELAY_AFTER_REBOOT);
  }

  /**
   * {@code kubernetes.api-host}, if set.
   *
   * @return the URL, or empty to take it from the kubeconfig or the service account
   */
  public Optional<String> kubernetesApiHost() {
    return Optional.ofNullable(get(ConfigKeys.KUBERNETES_API_HOST));
  }

  /**
   * {@code kubernetes.kubeconfig}, if set.
   *
   * @return the kubeconfig file's path, or empty for the pod's service account
   */
  public Optional<String> kubeconfig() {
    return Optional.ofNullable(get(ConfigKeys.KUBERNETES_KUBECONFIG));
  }

  /**
   * {@code healthcheck.master} or {@code healthcheck.worker}: the role's checks, in config order.
   *
   * @param role the role, not {@code null}
   * @return the checks, unmodifiable, possibly empty
   */
  public List<CheckConfig> checks(NodeRole role) {
    return get(role == NodeRole.MASTER ? ConfigKeys.HEALTHCHECK_MASTER : ConfigKeys.HEALTHCHECK_WORKER);
  }

  /**
   * {@code healing-enabled}: the config switch; when false nothing is ever repaired.
   *
   * @return {@code false} if nothing is ever repaired
   */
  public boolean healingEnabled() {
    return get(ConfigKeys.HEALING_ENABLED);
  }

  /**
   * {@code max-unhealthy-masters} / {@code max-unhealthy-workers}: the storm guard per role.
   *
   * @param role the role, not {@code null}
   * @return the limit, never {@code null}
   */
  public UnhealthyLimit maxUnhealthy(NodeRole role) {
    return get(role == NodeRole.MASTER ? ConfigKeys.MAX_UNHEALTHY_MASTERS : ConfigKeys.MAX_UNHEALTHY_WORKERS);
  }

  /**
   * {@code max-unhealthy-per-zone}: how many nodes of one failure domain (the node's {@code
   * topology.kubernetes.io/zone} label, else its node group) may be unhealthy at once before that
   * domain's repairs are held as a likely zone outage; {@code 100%} switches the rule off.
   *
   * @return the limit, never {@code null}
   */
  public UnhealthyLimit maxUnhealthyPerZone() {
    return get(ConfigKeys.MAX_UNHEALTHY_PER_ZONE);
  }

  /**
   * {@code max-repairs-per-hour}: repairs started in any sliding hour, or {@link
   * #NO_REPAIR_CEILING} (the default) for no ceiling.
   *
   * @return the ceiling, from 0 to 10000
   */
  public int maxRepairsPerHour() {
    return get(ConfigKeys.MAX_REPAIRS_PER_HOUR);
  }

  /**
   * {@code storm-cooldown}: after the storm guard trips, how long counts must stay low again.
   *
   * @return the cooldown, zero or more
   */
  public Duration stormCooldown() {
    return get(ConfigKeys.STORM_COOLDOWN);
  }

  /**
   * {@code max-repairs-in-flight}: repairs under way at once, cluster-wide.
   *
   * @return the number, from 1 to 10000
   */
  public int maxRepairsInFlight() {
    return get(ConfigKeys.MAX_REPAIRS_IN_FLIGHT);
  }

  /**
   * {@code max-repairs-in-flight-per-group}: repairs under way at once in one node group.
   *
   * @return the number, from 1 to 10000
   */
  public int maxRepairsInFlightPerGroup() {
    return get(ConfigKeys.MAX_REPAIRS_IN_FLIGHT_PER_GROUP);
  }

  /**
   * {@code node-group-label}: the node label that names a node's group.
   *
   * @return the label's key, never blank
   */
  public String nodeGroupLabel() {
    return get(ConfigKeys.NODE_GROUP_LABEL);
  }

  /**
   * {@code repair-retries}: failed repairs of one node before it is left for a person.
   *
   * @return the number of retries, from 0 to 1000
   */
  public int repairRetries() {
    return get(ConfigKeys.REPAIR_RETRIES);
  }

  /**
   * {@code repair-backoff}: wait after a failed repair; doubles with each failure.
   *
   * @return the first backoff, zero or more
   */
  public Duration repairBackoff() {
    return get(ConfigKeys.REPAIR_BACKOFF);
  }

  /**
   * {@code repair-timeout}: how long a rebuilt or replaced node has to come back healthy.
   *
   * @return the timeout, above zero
   */
  public Duration repairTimeout() {
    return get(ConfigKeys.REPAIR_TIMEOUT);
  }

  /**
   * {@code healthy-duration}: how long a recovered node stays healthy before its history is forgotten.
   *
   * @return the duration, zero or more
   */
  public Duration healthyDuration() {
    return get(ConfigKeys.HEALTHY_DURATION);
  }

  /**
   * {@code check-timeout}: the time budget of one check on one node.
   *
   * @return the timeout, above zero
   */
  public Duration checkTimeout() {
    return get(ConfigKeys.CHECK_TIMEOUT);
  }

  /**
   * {@code drain-enabled}: cordon and drain a worker before it is rebuilt or replaced.
   *
   * @return {@code true} if workers are drained before a rebuild or replace
   */
  public boolean drainEnabled() {
    return get(ConfigKeys.DRAIN_ENABLED);
  }

  /**
   * {@code drain-timeout}: after this, a node that is not Ready is repaired even if pods are left.
   *
   * @return the timeout, zero or more
   */
  public Duration drainTimeout() {
    return get(ConfigKeys.DRAIN_TIMEOUT);
  }

  /**
   * {@code fence-before-rebuild}: before a worker whose pods could not be drained is rebuilt or
   * replaced, make sure the cloud reports it off and add the out-of-service taint.
   *
   * @return {@code true} if fencing is on
   */
  public boolean fenceBeforeRebuild() {
    return get(ConfigKeys.FENCE_BEFORE_REBUILD);
  }

  /**
   * {@code second-opinion}: whether the cloud is asked about a silent node's server before it is
   * repaired, and an ACTIVE server on an UP host among many silent peers held as a likely partition.
   *
   * @return {@code true} if the second opinion is on
   */
  public boolean secondOpinion() {
    return get(ConfigKeys.SECOND_OPINION);
  }

  /**
   * {@code partition-min-silent}: how many silent nodes on one host or in one zone, the node among
   * them, make the second opinion hold an ACTIVE server on an UP host.
   *
   * @return the count, 2 or more
   */
  public int partitionMinSilent() {
    return get(ConfigKeys.PARTITION_MIN_SILENT);
  }

  /**
   * {@code repair-dead-servers-at-once}: whether a silent node whose server the cloud reports SHUTOFF
   * or ERROR is a candidate at once, before its check's unhealthy-duration is over.
   *
   * @return {@code true} if the fast path is on
   */
  public boolean repairDeadServersAtOnce() {
    return get(ConfigKeys.REPAIR_DEAD_SERVERS_AT_ONCE);
  }

  /**
   * {@code fence-timeout}: how long fencing waits for the server to be reported off; after it, the
   * repair goes on without the taint.
   *
   * @return the timeout, above zero
   */
  public Duration fenceTimeout() {
    return get(ConfigKeys.FENCE_TIMEOUT);
  }

  /**
   * {@code leader-elect-lease-name}: the leader-election Lease (the Go healer's by default).
   *
   * @return the Lease's name, never blank
   */
  public String leaseName() {
    return get(ConfigKeys.LEASE_NAME);
  }

  /**
   * {@code leader-elect-lease-namespace}: the namespace of the leader-election Lease.
   *
   * @return the namespace, never blank
   */
  public String leaseNamespace() {
    return get(ConfigKeys.LEASE_NAMESPACE);
  }

  /**
   * {@code leader-elect-lease-duration}: how long followers wait before taking over.
   *
   * @return the duration, above zero and longer than {@link #renewDeadline()}
   */
  public Duration leaseDuration() {
    return get(ConfigKeys.LEASE_DURATION);
  }

  /**
   * {@code leader-elect-renew-deadline}: how long a leader leads without a successful renewal.
   *
   * @return the deadline, above zero and longer than {@link #retryPeriod()}
   */
  public Duration renewDeadline() {
    return get(ConfigKeys.RENEW_DEADLINE);
  }

  /**
   * {@code leader-elect-retry-period}: time between two leader-election rounds.
   *
   * @return the period, above zero
   */
  public Duration retryPeriod() {
    return get(ConfigKeys.RETRY_PERIOD);
  }

  /**
   * {@code pause-configmap}: the ConfigMap, in healer's namespace, whose annotation pauses healing.
   *
   * @return the ConfigMap's name, never blank
   */
  public String pauseConfigMap() {
    return get(ConfigKeys.PAUSE_CONFIGMAP);
  }

  @Override
  public String toString() {
    return "HealerConfig[cluster-name=" + clusterName + ", cloud-provider=" + cloudProvider()
        + ", dry-run=" + dryRun() + ", monitor-interval=" + monitorInterval()
        + ", master checks=" + checks(NodeRole.MASTER).stream().map(CheckConfig::type).toList()
        + ", worker checks=" + checks(NodeRole.WORKER).stream().map(CheckConfig::type).toList() + "]";
  }

  /** Builds a {@link HealerConfig}; setters reject values out of range with the key's name. */
  public static final class Builder {
    private final String clusterName;
    private final Map<ConfigKey<?>, Object> values = new HashMap<>();

    private Builder(String clusterName) {
      this.clusterName = ConfigKeys.CLUSTER_NAME.require(clusterName);
      ConfigKeys.ALL.stream().filter(k -> k != ConfigKeys.CLUSTER_NAME).forEach(k -> values.put(k, k.initial()));
    }

    /** Sets a key after the table's check of its value (range, not null). */
    <T> Builder set(ConfigKey<T> key, T value) {
      values.put(key, key.require(value));
      return this;
    }

    /**
     * {@link ConfigKeys#DRY_RUN}.
     *
     * @param value {@code true} to decide and report only
     * @return this builder
     */
    public Builder dryRun(boolean value) {
      return set(ConfigKeys.DRY_RUN, value);
    }

    /**
     * {@link ConfigKeys#CLOUD_PROVIDER}; a value out of range is refused naming the key.
     *
     * @param value the provider's name, not blank
     * @return this builder
     */
    public Builder cloudProvider(String value) {
      return set(ConfigKeys.CLOUD_PROVIDER, value);
    }

    /**
     * The provider's block, kept opaque.
     *
     * @param value the provider's block, not {@code null}; its factory validates it
     * @return this builder
     */
    public Builder cloudSettings(Settings value) {
      return set(ConfigKeys.OPENSTACK, value);
    }

    /**
     * {@link ConfigKeys#MONITOR_INTERVAL}; a value out of range is refused naming the key.
     *
     * @param value the interval, above zero
     * @return this builder
     */
    public Builder monitorInterval(Duration value) {
      return set(ConfigKeys.MONITOR_INTERVAL, value);
    }

    /**
     * {@link ConfigKeys#MASTER_MONITOR_ENABLED}.
     *
     * @param value {@code false} to leave masters alone
     * @return this builder
     */
    public Builder masterMonitorEnabled(boolean value) {
      return set(ConfigKeys.MASTER_MONITOR_ENABLED, value);
    }

    /**
     * {@link ConfigKeys#WORKER_MONITOR_ENABLED}.
     *
     * @param value {@code false} to leave workers alone
     * @return this builder
     */
    public Builder workerMonitorEnabled(boolean value) {
      return set(ConfigKeys.WORKER_MONITOR_ENABLED, value);
    }

    /**
     * {@link ConfigKeys#LEADER_ELECT}.
     *
     * @param value {@code false} to let every instance repair
     * @return this builder
     */
    public Builder leaderElect(boolean value) {
      return set(ConfigKeys.LEADER_ELECT, value);
    }

    /**
     * {@link ConfigKeys#CHECK_DELAY_AFTER_ADD}; a value out of range is refused naming the key.
     *
     * @param value the delay, zero or more
     * @return this builder
     */
    public Builder checkDelayAfterAdd(Duration value) {
      return set(ConfigKeys.CHECK_DELAY_AFTER_ADD, value);
    }

    /**
     * {@link ConfigKeys#REBUILD_DELAY_AFTER_REBOOT}; a value out of range is refused naming the key.
     *
     * @param value the delay, zero or more
     * @return this builder
     */
    public Builder rebuildDelayAfterReboot(Duration value) {
      return set(ConfigKeys.REBUILD_DELAY_AFTER_REBOOT, value);
    }

    /**
     * {@code kubernetes.api-host}; {@code null} for not set.
     *
     * @param value the API server's URL, or {@code null}
     * @return this builder
     */
    public Builder kubernetesApiHost(String value) {
      values.put(ConfigKeys.KUBERNETES_API_HOST, value);
      return this;
    }

    /**
     * {@code kubernetes.kubeconfig}; {@code null} for not set.
     *
     * @param value the kubeconfig file's path, or {@code null}
     * @return this builder
     */
    public Builder kubeconfig(String value) {
      values.put(ConfigKeys.KUBERNETES_KUBECONFIG, value);
      return this;
    }

    /**
     * {@code healthcheck.master}.
     *
     * @param value the masters' checks in order, not {@code null}; copied
     * @return this builder
     * @throws IllegalArgumentException if a check's name breaks the rule of {@link CheckNames}
     */
    public Builder masterChecks(List<CheckConfig> value) {
      return set(ConfigKeys.HEALTHCHECK_MASTER, withAllowedNames(value));
    }

    /**
     * {@code healthcheck.worker}.
     *
     * @param value the workers' checks in order, not {@code null}; copied
     * @return this builder
     * @throws IllegalArgumentException if a check's name breaks the rule of {@link CheckNames}
     */
    public Builder workerChecks(List<CheckConfig> value) {
      return set(ConfigKeys.HEALTHCHECK_WORKER, withAllowedNames(value));
    }

    /**
     * {@link ConfigKeys#HEALING_ENABLED}.
     *
     * @param value {@code false} to repair nothing
     * @return this builder
     */
    public Builder healingEnabled(boolean value) {
      return set(ConfigKeys.HEALING_ENABLED, value);
    }

    /**
     * {@link ConfigKeys#MAX_UNHEALTHY_MASTERS}; a value out of range is refused naming the key.
     *
     * @param value the limit, not {@code null}
     * @return this builder
     */
    public Builder maxUnhealthyMasters(UnhealthyLimit value) {
      return set(ConfigKeys.MAX_UNHEALTHY_MASTERS, value);
    }

    /**
     * {@link ConfigKeys#MAX_UNHEALTHY_WORKERS}; a value out of range is refused naming the key.
     *
     * @param value the limit, not {@code null}
     * @return this builder
     */
    public Builder maxUnhealthyWorkers(UnhealthyLimit value) {
      return set(ConfigKeys.MAX_UNHEALTHY_WORKERS, value);
    }

    /**
     * {@link ConfigKeys#MAX_UNHEALTHY_PER_ZONE}; a value out of range is refused naming the key.
     *
     * @param value the limit, not {@code null}; {@code 100%} switches the rule off
     * @return this builder
     */
    public Builder maxUnhealthyPerZone(UnhealthyLimit value) {
      return set(ConfigKeys.MAX_UNHEALTHY_PER_ZONE, value);
    }

    /**
     * {@link ConfigKeys#MAX_REPAIRS_PER_HOUR}.
     *
     * @param value the ceiling, from 0 to 10000; {@link HealerConfig#NO_REPAIR_CEILING} for none
     * @return this builder
     */
    public Builder maxRepairsPerHour(int value) {
      return set(ConfigKeys.MAX_REPAIRS_PER_HOUR, value);
    }

    /**
     * {@link ConfigKeys#STORM_COOLDOWN}; a value out of range is refused naming the key.
     *
     * @param value the cooldown, zero or more
     * @return this builder
     */
    public Builder stormCooldown(Duration value) {
      return set(ConfigKeys.STORM_COOLDOWN, value);
    }

    /**
     * {@link ConfigKeys#MAX_REPAIRS_IN_FLIGHT}.
     *
     * @param value the number, from 1 to 10000
     * @return this builder
     */
    public Builder maxRepairsInFlight(int value) {
      return set(ConfigKeys.MAX_REPAIRS_IN_FLIGHT, value);
    }

    /**
     * {@link ConfigKeys#MAX_REPAIRS_IN_FLIGHT_PER_GROUP}.
     *
     * @param value the number, from 1 to 10000
     * @return this builder
     */
    public Builder maxRepairsInFlightPerGroup(int value) {
      return set(ConfigKeys.MAX_REPAIRS_IN_FLIGHT_PER_GROUP, value);
    }

    /**
     * {@link ConfigKeys#NODE_GROUP_LABEL}; a value out of range is refused naming the key.
     *
     * @param value the label's key, not blank
     * @return this builder
     */
    public Builder nodeGroupLabel(String value) {
      return set(ConfigKeys.NODE_GROUP_LABEL, value);
    }

    /**
     * {@link ConfigKeys#REPAIR_RETRIES}.
     *
     * @param value the number of retries, from 0 to 1000
     * @return this builder
     */
    public Builder repairRetries(int value) {
      return set(ConfigKeys.REPAIR_RETRIES, value);
    }

    /**
     * {@link ConfigKeys#REPAIR_BACKOFF}; a value out of range is refused naming the key.
     *
     * @param value the first backoff, zero or more
     * @return this builder
     */
    public Builder repairBackoff(Duration value) {
      return set(ConfigKeys.REPAIR_BACKOFF, value);
    }

    /**
     * {@link ConfigKeys#REPAIR_TIMEOUT}; a value out of range is refused naming the key.
     *
     * @param value the timeout, above zero
     * @return this builder
     */
    public Builder repairTimeout(Duration value) {
      return set(ConfigKeys.REPAIR_TIMEOUT, value);
    }

    /**
     * {@link ConfigKeys#HEALTHY_DURATION}; a value out of range is refused naming the key.
     *
     * @param value the duration, zero or more
     * @return this builder
     */
    public Builder healthyDuration(Duration value) {
      return set(ConfigKeys.HEALTHY_DURATION, value);
    }

    /**
     * {@link ConfigKeys#CHECK_TIMEOUT}; a value out of range is refused naming the key.
     *
     * @param value the timeout, above zero
     * @return this builder
     */
    public Builder checkTimeout(Duration value) {
      return set(ConfigKeys.CHECK_TIMEOUT, value);
    }

    /**
     * {@link ConfigKeys#DRAIN_ENABLED}.
     *
     * @param value {@code false} to repair workers without draining them
     * @return this builder
     */
    public Builder drainEnabled(boolean value) {
      return set(ConfigKeys.DRAIN_ENABLED, value);
    }

    /**
     * {@link ConfigKeys#DRAIN_TIMEOUT}; a value out of range is refused naming the key.
     *
     * @param value the timeout, zero or more
     * @return this builder
     */
    public Builder drainTimeout(Duration value) {
      return set(ConfigKeys.DRAIN_TIMEOUT, value);
    }

    /**
     * {@link ConfigKeys#FENCE_BEFORE_REBUILD}.
     *
     * @param value {@code false} to rebuild or replace without fencing
     * @return this builder
     */
    public Builder fenceBeforeRebuild(boolean value) {
      return set(ConfigKeys.FENCE_BEFORE_REBUILD, value);
    }

    /**
     * {@link ConfigKeys#FENCE_TIMEOUT}; a value out of range is refused naming the key.
     *
     * @param value the timeout, above zero
     * @return this builder
     */
    public Builder fenceTimeout(Duration value) {
      return set(ConfigKeys.FENCE_TIMEOUT, value);
    }

    /**
     * {@link ConfigKeys#SECOND_OPINION}.
     *
     * @param value {@code false} to repair silent nodes without asking the cloud first
     * @return this builder
     */
    public Builder secondOpinion(boolean value) {
      return set(ConfigKeys.SECOND_OPINION, value);
    }

    /**
     * {@link ConfigKeys#PARTITION_MIN_SILENT}; a value out of range is refused naming the key.
     *
     * @param value the count, 2 to 10000
     * @return this builder
     */
    public Builder partitionMinSilent(int value) {
      return set(ConfigKeys.PARTITION_MIN_SILENT, value);
    }

    /**
     * {@link ConfigKeys#REPAIR_DEAD_SERVERS_AT_ONCE}.
     *
     * @param value {@code true} to repair servers the cloud reports dead without waiting
     * @return this builder
     */
    public Builder repairDeadServersAtOnce(boolean value) {
      return set(ConfigKeys.REPAIR_DEAD_SERVERS_AT_ONCE, value);
    }

    /**
     * {@link ConfigKeys#LEASE_NAME}; a value out of range is refused naming the key.
     *
     * @param value the Lease's name, not blank
     * @return this builder
     */
    public Builder leaseName(String value) {
      return set(ConfigKeys.LEASE_NAME, value);
    }

    /**
     * {@link ConfigKeys#LEASE_NAMESPACE}; a value out of range is refused naming the key.
     *
     * @param value the namespace, not blank
     * @return this builder
     */
    public Builder leaseNamespace(String value) {
      return set(ConfigKeys.LEASE_NAMESPACE, value);
    }

    /**
     * {@link ConfigKeys#LEASE_DURATION}; a value out of range is refused naming the key.
     *
     * @param value the duration, above zero
     * @return this builder
     */
    public Builder leaseDuration(Duration value) {
      return set(ConfigKeys.LEASE_DURATION, value);
    }

    /**
     * {@link ConfigKeys#RENEW_DEADLINE}; a value out of range is refused naming the key.
     *
     * @param value the deadline, above zero
     * @return this builder
     */
    public Builder renewDeadline(Duration value) {
      return set(ConfigKeys.RENEW_DEADLINE, value);
    }

    /**
     * {@link ConfigKeys#RETRY_PERIOD}; a value out of range is refused naming the key.
     *
     * @param value the period, above zero
     * @return this builder
     */
    public Builder retryPeriod(Duration value) {
      return set(ConfigKeys.RETRY_PERIOD, value);
    }

    /**
     * {@link ConfigKeys#PAUSE_CONFIGMAP}; a value out of range is refused naming the key.
     *
     * @param value the ConfigMap's name, not blank
     * @return this builder
     */
    public Builder pauseConfigMap(String value) {
      return set(ConfigKeys.PAUSE_CONFIGMAP, value);
    }

    /**
     * Builds the immutable configuration.
     *
     * @return the configuration; later changes to the builder do not affect it
     * @throws IllegalArgumentException if leader election is on and the lease timings are not
     *     {@code leader-elect-retry-period < leader-elect-renew-deadline < leader-elect-lease-duration}
     */
    public HealerConfig build() {
      Duration leaseDuration = (Duration) values.get(ConfigKeys.LEASE_DURATION);
      Duration renewDeadline = (Duration) values.get(ConfigKeys.RENEW_DEADLINE);
      Duration retryPeriod = (Duration) values.get(ConfigKeys.RETRY_PERIOD);
      boolean leaderElect = (Boolean) values.get(ConfigKeys.LEADER_ELECT);
      if (leaderElect && !(retryPeriod.compareTo(renewDeadline) < 0 && renewDeadline.compareTo(leaseDuration) < 0)) {
        throw new IllegalArgumentException("leader election needs leader-elect-retry-period < "
            + "leader-elect-renew-deadline < leader-elect-lease-duration, was " + retryPeriod + ", "
            + renewDeadline + ", " + leaseDuration);
      }
      return new HealerConfig(this);
    }

    private static List<CheckConfig> withAllowedNames(List<CheckConfig> checks) {
      List<CheckConfig> copy = List.copyOf(Objects.requireNonNull(checks, "checks"));
      CheckNames.identities(copy);
      return copy;
    }
  }
}
