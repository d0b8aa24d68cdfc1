package io.healer.core.config;

import io.healer.api.NodeRole;
import io.healer.api.config.Settings;
import java.time.Duration;
import java.util.List;
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
  private final boolean dryRun;
  private final String cloudProvider;
  private final Settings cloudSettings;
  private final Duration monitorInterval;
  private final boolean masterMonitorEnabled;
  private final boolean workerMonitorEnabled;
  private final boolean leaderElect;
  private final Duration checkDelayAfterAdd;
  private final Duration rebuildDelayAfterReboot;
  private final String kubernetesApiHost;
  private final String kubeconfig;
  private final List<CheckConfig> masterChecks;
  private final List<CheckConfig> workerChecks;
  private final boolean healingEnabled;
  private final UnhealthyLimit maxUnhealthyMasters;
  private final UnhealthyLimit maxUnhealthyWorkers;
  private final UnhealthyLimit maxUnhealthyPerZone;
  private final int maxRepairsPerHour;
  private final Duration stormCooldown;
  private final int maxRepairsInFlight;
  private final int maxRepairsInFlightPerGroup;
  private final String nodeGroupLabel;
  private final int repairRetries;
  private final Duration repairBackoff;
  private final Duration repairTimeout;
  private final Duration healthyDuration;
  private final Duration checkTimeout;
  private final boolean drainEnabled;
  private final Duration drainTimeout;
  private final String leaseName;
  private final String leaseNamespace;
  private final Duration leaseDuration;
  private final Duration renewDeadline;
  private final Duration retryPeriod;
  private final String pauseConfigMap;

  private HealerConfig(Builder b) {
    this.clusterName = b.clusterName;
    this.dryRun = b.dryRun;
    this.cloudProvider = b.cloudProvider;
    this.cloudSettings = b.cloudSettings;
    this.monitorInterval = b.monitorInterval;
    this.masterMonitorEnabled = b.masterMonitorEnabled;
    this.workerMonitorEnabled = b.workerMonitorEnabled;
    this.leaderElect = b.leaderElect;
    this.checkDelayAfterAdd = b.checkDelayAfterAdd;
    this.rebuildDelayAfterReboot = b.rebuildDelayAfterReboot;
    this.kubernetesApiHost = b.kubernetesApiHost;
    this.kubeconfig = b.kubeconfig;
    this.masterChecks = List.copyOf(b.masterChecks);
    this.workerChecks = List.copyOf(b.workerChecks);
    this.healingEnabled = b.healingEnabled;
    this.maxUnhealthyMasters = b.maxUnhealthyMasters;
    this.maxUnhealthyWorkers = b.maxUnhealthyWorkers;
    this.maxUnhealthyPerZone = b.maxUnhealthyPerZone;
    this.maxRepairsPerHour = b.maxRepairsPerHour;
    this.stormCooldown = b.stormCooldown;
    this.maxRepairsInFlight = b.maxRepairsInFlight;
    this.maxRepairsInFlightPerGroup = b.maxRepairsInFlightPerGroup;
    this.nodeGroupLabel = b.nodeGroupLabel;
    this.repairRetries = b.repairRetries;
    this.repairBackoff = b.repairBackoff;
    this.repairTimeout = b.repairTimeout;
    this.healthyDuration = b.healthyDuration;
    this.checkTimeout = b.checkTimeout;
    this.drainEnabled = b.drainEnabled;
    this.drainTimeout = b.drainTimeout;
    this.leaseName = b.leaseName;
    this.leaseNamespace = b.leaseNamespace;
    this.leaseDuration = b.leaseDuration;
    this.renewDeadline = b.renewDeadline;
    this.retryPeriod = b.retryPeriod;
    this.pauseConfigMap = b.pauseConfigMap;
  }

  /**
   * A builder with every default of the Go healer and of healer's own keys.
   *
   * @param clusterName the cluster's name or id in the cloud (config.yaml's {@code cluster-name})
   */
  public static Builder builder(String clusterName) {
    return new Builder(clusterName);
  }

  /** A builder pre-filled with this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder(clusterName);
    b.dryRun = dryRun;
    b.cloudProvider = cloudProvider;
    b.cloudSettings = cloudSettings;
    b.monitorInterval = monitorInterval;
    b.masterMonitorEnabled = masterMonitorEnabled;
    b.workerMonitorEnabled = workerMonitorEnabled;
    b.leaderElect = leaderElect;
    b.checkDelayAfterAdd = checkDelayAfterAdd;
    b.rebuildDelayAfterReboot = rebuildDelayAfterReboot;
    b.kubernetesApiHost = kubernetesApiHost;
    b.kubeconfig = kubeconfig;
    b.masterChecks = masterChecks;
    b.workerChecks = workerChecks;
    b.healingEnabled = healingEnabled;
    b.maxUnhealthyMasters = maxUnhealthyMasters;
    b.maxUnhealthyWorkers = maxUnhealthyWorkers;
    b.maxUnhealthyPerZone = maxUnhealthyPerZone;
    b.maxRepairsPerHour = maxRepairsPerHour;
    b.stormCooldown = stormCooldown;
    b.maxRepairsInFlight = maxRepairsInFlight;
    b.maxRepairsInFlightPerGroup = maxRepairsInFlightPerGroup;
    b.nodeGroupLabel = nodeGroupLabel;
    b.repairRetries = repairRetries;
    b.repairBackoff = repairBackoff;
    b.repairTimeout = repairTimeout;
    b.healthyDuration = healthyDuration;
    b.checkTimeout = checkTimeout;
    b.drainEnabled = drainEnabled;
    b.drainTimeout = drainTimeout;
    b.leaseName = leaseName;
    b.leaseNamespace = leaseNamespace;
    b.leaseDuration = leaseDuration;
    b.renewDeadline = renewDeadline;
    b.retryPeriod = retryPeriod;
    b.pauseConfigMap = pauseConfigMap;
    return b;
  }

  /** {@code cluster-name}: the cluster's name or id in the cloud. */
  public String clusterName() {
    return clusterName;
  }

  /** {@code dry-run}: decide and report, never call the cloud or write anything but logs and events. */
  public boolean dryRun() {
    return dryRun;
  }

  /** {@code cloud-provider}: the name of the provider plugin. */
  public String cloudProvider() {
    return cloudProvider;
  }

  /** The provider's block (for {@code openstack}, the {@code openstack} key), kept opaque. */
  public Settings cloudSettings() {
    return cloudSettings;
  }

  /** {@code monitor-interval}: time between two cycles. */
  public Duration monitorInterval() {
    return monitorInterval;
  }

  /** {@code master-monitor-enabled} / {@code worker-monitor-enabled} for the given role. */
  public boolean monitorEnabled(NodeRole role) {
    return role == NodeRole.MASTER ? masterMonitorEnabled : workerMonitorEnabled;
  }

  /** {@code leader-elect}: whether only the elected instance repairs. */
  public boolean leaderElect() {
    return leaderElect;
  }

  /** {@code check-delay-after-add}: nodes younger than this are not judged. */
  public Duration checkDelayAfterAdd() {
    return checkDelayAfterAdd;
  }

  /** {@code rebuild-delay-after-reboot}: how long a repaired node has to recover before escalation. */
  public Duration rebuildDelayAfterReboot() {
    return rebuildDelayAfterReboot;
  }

  /** {@code kubernetes.api-host}, if set. */
  public Optional<String> kubernetesApiHost() {
    return Optional.ofNullable(kubernetesApiHost);
  }

  /** {@code kubernetes.kubeconfig}, if set. */
  public Optional<String> kubeconfig() {
    return Optional.ofNullable(kubeconfig);
  }

  /** {@code healthcheck.master} or {@code healthcheck.worker}: the role's checks, in config order. */
  public List<CheckConfig> checks(NodeRole role) {
    return role == NodeRole.MASTER ? masterChecks : workerChecks;
  }

  /** {@code healing-enabled}: the config switch; when false nothing is ever repaired. */
  public boolean healingEnabled() {
    return healingEnabled;
  }

  /** {@code max-unhealthy-masters} / {@code max-unhealthy-workers}: the storm guard per role. */
  public UnhealthyLimit maxUnhealthy(NodeRole role) {
    return role == NodeRole.MASTER ? maxUnhealthyMasters : maxUnhealthyWorkers;
  }

  /**
   * {@code max-unhealthy-per-zone}: how many nodes of one failure domain (the node's {@code
   * topology.kubernetes.io/zone} label, else its node group) may be unhealthy at once before that
   * domain's repairs are held as a likely zone outage; {@code 100%} switches the rule off.
   */
  public UnhealthyLimit maxUnhealthyPerZone() {
    return maxUnhealthyPerZone;
  }

  /**
   * {@code max-repairs-per-hour}: repairs started in any sliding hour, or {@link
   * #NO_REPAIR_CEILING} (the default) for no ceiling.
   */
  public int maxRepairsPerHour() {
    return maxRepairsPerHour;
  }

  /** {@code storm-cooldown}: after the storm guard trips, how long counts must stay low again. */
  public Duration stormCooldown() {
    return stormCooldown;
  }

  /** {@code max-repairs-in-flight}: repairs under way at once, cluster-wide. */
  public int maxRepairsInFlight() {
    return maxRepairsInFlight;
  }

  /** {@code max-repairs-in-flight-per-group}: repairs under way at once in one node group. */
  public int maxRepairsInFlightPerGroup() {
    return maxRepairsInFlightPerGroup;
  }

  /** {@code node-group-label}: the node label that names a node's group. */
  public String nodeGroupLabel() {
    return nodeGroupLabel;
  }

  /** {@code repair-retries}: failed repairs of one node before it is left for a person. */
  public int repairRetries() {
    return repairRetries;
  }

  /** {@code repair-backoff}: wait after a failed repair; doubles with each failure. */
  public Duration repairBackoff() {
    return repairBackoff;
  }

  /** {@code repair-timeout}: how long a rebuilt or replaced node has to come back healthy. */
  public Duration repairTimeout() {
    return repairTimeout;
  }

  /** {@code healthy-duration}: how long a recovered node stays healthy before its history is forgotten. */
  public Duration healthyDuration() {
    return healthyDuration;
  }

  /** {@code check-timeout}: the time budget of one check on one node. */
  public Duration checkTimeout() {
    return checkTimeout;
  }

  /** {@code drain-enabled}: cordon and drain a worker before it is rebuilt or replaced. */
  public boolean drainEnabled() {
    return drainEnabled;
  }

  /** {@code drain-timeout}: after this, a node that is not Ready is repaired even if pods are left. */
  public Duration drainTimeout() {
    return drainTimeout;
  }

  /** {@code leader-elect-lease-name}: the leader-election Lease (the Go healer's by default). */
  public String leaseName() {
    return leaseName;
  }

  /** {@code leader-elect-lease-namespace}: the namespace of the leader-election Lease. */
  public String leaseNamespace() {
    return leaseNamespace;
  }

  /** {@code leader-elect-lease-duration}: how long followers wait before taking over. */
  public Duration leaseDuration() {
    return leaseDuration;
  }

  /** {@code leader-elect-renew-deadline}: how long a leader leads without a successful renewal. */
  public Duration renewDeadline() {
    return renewDeadline;
  }

  /** {@code leader-elect-retry-period}: time between two leader-election rounds. */
  public Duration retryPeriod() {
    return retryPeriod;
  }

  /** {@code pause-configmap}: the ConfigMap, in healer's namespace, whose annotation pauses healing. */
  public String pauseConfigMap() {
    return pauseConfigMap;
  }

  @Override
  public String toString() {
    return "HealerConfig[cluster-name=" + clusterName + ", cloud-provider=" + cloudProvider
        + ", dry-run=" + dryRun + ", monitor-interval=" + monitorInterval
        + ", master checks=" + masterChecks.stream().map(CheckConfig::type).toList()
        + ", worker checks=" + workerChecks.stream().map(CheckConfig::type).toList() + "]";
  }

  /** Builds a {@link HealerConfig}; setters reject values out of range with the key's name. */
  public static final class Builder {
    private final String clusterName;
    private boolean dryRun = ConfigKeys.DRY_RUN.initial();
    private String cloudProvider = ConfigKeys.CLOUD_PROVIDER.initial();
    private Settings cloudSettings = ConfigKeys.OPENSTACK.initial();
    private Duration monitorInterval = ConfigKeys.MONITOR_INTERVAL.initial();
    private boolean masterMonitorEnabled = ConfigKeys.MASTER_MONITOR_ENABLED.initial();
    private boolean workerMonitorEnabled = ConfigKeys.WORKER_MONITOR_ENABLED.initial();
    private boolean leaderElect = ConfigKeys.LEADER_ELECT.initial();
    private Duration checkDelayAfterAdd = ConfigKeys.CHECK_DELAY_AFTER_ADD.initial();
    private Duration rebuildDelayAfterReboot = ConfigKeys.REBUILD_DELAY_AFTER_REBOOT.initial();
    private String kubernetesApiHost = ConfigKeys.KUBERNETES_API_HOST.initial();
    private String kubeconfig = ConfigKeys.KUBERNETES_KUBECONFIG.initial();
    private List<CheckConfig> masterChecks = ConfigKeys.HEALTHCHECK_MASTER.initial();
    private List<CheckConfig> workerChecks = ConfigKeys.HEALTHCHECK_WORKER.initial();
    private boolean healingEnabled = ConfigKeys.HEALING_ENABLED.initial();
    private UnhealthyLimit maxUnhealthyMasters = ConfigKeys.MAX_UNHEALTHY_MASTERS.initial();
    private UnhealthyLimit maxUnhealthyWorkers = ConfigKeys.MAX_UNHEALTHY_WORKERS.initial();
    private UnhealthyLimit maxUnhealthyPerZone = ConfigKeys.MAX_UNHEALTHY_PER_ZONE.initial();
    private int maxRepairsPerHour = ConfigKeys.MAX_REPAIRS_PER_HOUR.initial();
    private Duration stormCooldown = ConfigKeys.STORM_COOLDOWN.initial();
    private int maxRepairsInFlight = ConfigKeys.MAX_REPAIRS_IN_FLIGHT.initial();
    private int maxRepairsInFlightPerGroup = ConfigKeys.MAX_REPAIRS_IN_FLIGHT_PER_GROUP.initial();
    private String nodeGroupLabel = ConfigKeys.NODE_GROUP_LABEL.initial();
    private int repairRetries = ConfigKeys.REPAIR_RETRIES.initial();
    private Duration repairBackoff = ConfigKeys.REPAIR_BACKOFF.initial();
    private Duration repairTimeout = ConfigKeys.REPAIR_TIMEOUT.initial();
    private Duration healthyDuration = ConfigKeys.HEALTHY_DURATION.initial();
    private Duration checkTimeout = ConfigKeys.CHECK_TIMEOUT.initial();
    private boolean drainEnabled = ConfigKeys.DRAIN_ENABLED.initial();
    private Duration drainTimeout = ConfigKeys.DRAIN_TIMEOUT.initial();
    private String leaseName = ConfigKeys.LEASE_NAME.initial();
    private String leaseNamespace = ConfigKeys.LEASE_NAMESPACE.initial();
    private Duration leaseDuration = ConfigKeys.LEASE_DURATION.initial();
    private Duration renewDeadline = ConfigKeys.RENEW_DEADLINE.initial();
    private Duration retryPeriod = ConfigKeys.RETRY_PERIOD.initial();
    private String pauseConfigMap = ConfigKeys.PAUSE_CONFIGMAP.initial();

    private Builder(String clusterName) {
      this.clusterName = ConfigKeys.CLUSTER_NAME.require(clusterName);
    }

    /** {@link ConfigKeys#DRY_RUN}. */
    public Builder dryRun(boolean value) {
      this.dryRun = ConfigKeys.DRY_RUN.require(value);
      return this;
    }

    /** {@link ConfigKeys#CLOUD_PROVIDER}; a value out of range is refused naming the key. */
    public Builder cloudProvider(String value) {
      this.cloudProvider = ConfigKeys.CLOUD_PROVIDER.require(value);
      return this;
    }

    /** The provider's block, kept opaque. */
    public Builder cloudSettings(Settings value) {
      this.cloudSettings = ConfigKeys.OPENSTACK.require(value);
      return this;
    }

    /** {@link ConfigKeys#MONITOR_INTERVAL}; a value out of range is refused naming the key. */
    public Builder monitorInterval(Duration value) {
      this.monitorInterval = ConfigKeys.MONITOR_INTERVAL.require(value);
      return this;
    }

    /** {@link ConfigKeys#MASTER_MONITOR_ENABLED}. */
    public Builder masterMonitorEnabled(boolean value) {
      this.masterMonitorEnabled = ConfigKeys.MASTER_MONITOR_ENABLED.require(value);
      return this;
    }

    /** {@link ConfigKeys#WORKER_MONITOR_ENABLED}. */
    public Builder workerMonitorEnabled(boolean value) {
      this.workerMonitorEnabled = ConfigKeys.WORKER_MONITOR_ENABLED.require(value);
      return this;
    }

    /** {@link ConfigKeys#LEADER_ELECT}. */
    public Builder leaderElect(boolean value) {
      this.leaderElect = ConfigKeys.LEADER_ELECT.require(value);
      return this;
    }

    /** {@link ConfigKeys#CHECK_DELAY_AFTER_ADD}; a value out of range is refused naming the key. */
    public Builder checkDelayAfterAdd(Duration value) {
      this.checkDelayAfterAdd = ConfigKeys.CHECK_DELAY_AFTER_ADD.require(value);
      return this;
    }

    /** {@link ConfigKeys#REBUILD_DELAY_AFTER_REBOOT}; a value out of range is refused naming the key. */
    public Builder rebuildDelayAfterReboot(Duration value) {
      this.rebuildDelayAfterReboot = ConfigKeys.REBUILD_DELAY_AFTER_REBOOT.require(value);
      return this;
    }

    /** {@code kubernetes.api-host}; {@code null} for not set. */
    public Builder kubernetesApiHost(String value) {
      this.kubernetesApiHost = value;
      return this;
    }

    /** {@code kubernetes.kubeconfig}; {@code null} for not set. */
    public Builder kubeconfig(String value) {
      this.kubeconfig = value;
      return this;
    }

    /**
     * {@code healthcheck.master}.
     *
     * @throws IllegalArgumentException if a check's name breaks the rule of {@link CheckNames}
     */
    public Builder masterChecks(List<CheckConfig> value) {
      this.masterChecks = withAllowedNames(ConfigKeys.HEALTHCHECK_MASTER.require(value));
      return this;
    }

    /**
     * {@code healthcheck.worker}.
     *
     * @throws IllegalArgumentException if a check's name breaks the rule of {@link CheckNames}
     */
    public Builder workerChecks(List<CheckConfig> value) {
      this.workerChecks = withAllowedNames(ConfigKeys.HEALTHCHECK_WORKER.require(value));
      return this;
    }

    /** {@link ConfigKeys#HEALING_ENABLED}. */
    public Builder healingEnabled(boolean value) {
      this.healingEnabled = ConfigKeys.HEALING_ENABLED.require(value);
      return this;
    }

    /** {@link ConfigKeys#MAX_UNHEALTHY_MASTERS}; a value out of range is refused naming the key. */
    public Builder maxUnhealthyMasters(UnhealthyLimit value) {
      this.maxUnhealthyMasters = ConfigKeys.MAX_UNHEALTHY_MASTERS.require(value);
      return this;
    }

    /** {@link ConfigKeys#MAX_UNHEALTHY_WORKERS}; a value out of range is refused naming the key. */
    public Builder maxUnhealthyWorkers(UnhealthyLimit value) {
      this.maxUnhealthyWorkers = ConfigKeys.MAX_UNHEALTHY_WORKERS.require(value);
      return this;
    }

    /** {@link ConfigKeys#MAX_UNHEALTHY_PER_ZONE}; a value out of range is refused naming the key. */
    public Builder maxUnhealthyPerZone(UnhealthyLimit value) {
      this.maxUnhealthyPerZone = ConfigKeys.MAX_UNHEALTHY_PER_ZONE.require(value);
      return this;
    }

    /** {@link ConfigKeys#MAX_REPAIRS_PER_HOUR}. */
    public Builder maxRepairsPerHour(int value) {
      this.maxRepairsPerHour = ConfigKeys.MAX_REPAIRS_PER_HOUR.require(value);
      return this;
    }

    /** {@link ConfigKeys#STORM_COOLDOWN}; a value out of range is refused naming the key. */
    public Builder stormCooldown(Duration value) {
      this.stormCooldown = ConfigKeys.STORM_COOLDOWN.require(value);
      return this;
    }

    /** {@link ConfigKeys#MAX_REPAIRS_IN_FLIGHT}. */
    public Builder maxRepairsInFlight(int value) {
      this.maxRepairsInFlight = ConfigKeys.MAX_REPAIRS_IN_FLIGHT.require(value);
      return this;
    }

    /** {@link ConfigKeys#MAX_REPAIRS_IN_FLIGHT_PER_GROUP}. */
    public Builder maxRepairsInFlightPerGroup(int value) {
      this.maxRepairsInFlightPerGroup = ConfigKeys.MAX_REPAIRS_IN_FLIGHT_PER_GROUP.require(value);
      return this;
    }

    /** {@link ConfigKeys#NODE_GROUP_LABEL}; a value out of range is refused naming the key. */
    public Builder nodeGroupLabel(String value) {
      this.nodeGroupLabel = ConfigKeys.NODE_GROUP_LABEL.require(value);
      return this;
    }

    /** {@link ConfigKeys#REPAIR_RETRIES}. */
    public Builder repairRetries(int value) {
      this.repairRetries = ConfigKeys.REPAIR_RETRIES.require(value);
      return this;
    }

    /** {@link ConfigKeys#REPAIR_BACKOFF}; a value out of range is refused naming the key. */
    public Builder repairBackoff(Duration value) {
      this.repairBackoff = ConfigKeys.REPAIR_BACKOFF.require(value);
      return this;
    }

    /** {@link ConfigKeys#REPAIR_TIMEOUT}; a value out of range is refused naming the key. */
    public Builder repairTimeout(Duration value) {
      this.repairTimeout = ConfigKeys.REPAIR_TIMEOUT.require(value);
      return this;
    }

    /** {@link ConfigKeys#HEALTHY_DURATION}; a value out of range is refused naming the key. */
    public Builder healthyDuration(Duration value) {
      this.healthyDuration = ConfigKeys.HEALTHY_DURATION.require(value);
      return this;
    }

    /** {@link ConfigKeys#CHECK_TIMEOUT}; a value out of range is refused naming the key. */
    public Builder checkTimeout(Duration value) {
      this.checkTimeout = ConfigKeys.CHECK_TIMEOUT.require(value);
      return this;
    }

    /** {@link ConfigKeys#DRAIN_ENABLED}. */
    public Builder drainEnabled(boolean value) {
      this.drainEnabled = ConfigKeys.DRAIN_ENABLED.require(value);
      return this;
    }

    /** {@link ConfigKeys#DRAIN_TIMEOUT}; a value out of range is refused naming the key. */
    public Builder drainTimeout(Duration value) {
      this.drainTimeout = ConfigKeys.DRAIN_TIMEOUT.require(value);
      return this;
    }

    /** {@link ConfigKeys#LEASE_NAME}; a value out of range is refused naming the key. */
    public Builder leaseName(String value) {
      this.leaseName = ConfigKeys.LEASE_NAME.require(value);
      return this;
    }

    /** {@link ConfigKeys#LEASE_NAMESPACE}; a value out of range is refused naming the key. */
    public Builder leaseNamespace(String value) {
      this.leaseNamespace = ConfigKeys.LEASE_NAMESPACE.require(value);
      return this;
    }

    /** {@link ConfigKeys#LEASE_DURATION}; a value out of range is refused naming the key. */
    public Builder leaseDuration(Duration value) {
      this.leaseDuration = ConfigKeys.LEASE_DURATION.require(value);
      return this;
    }

    /** {@link ConfigKeys#RENEW_DEADLINE}; a value out of range is refused naming the key. */
    public Builder renewDeadline(Duration value) {
      this.renewDeadline = ConfigKeys.RENEW_DEADLINE.require(value);
      return this;
    }

    /** {@link ConfigKeys#RETRY_PERIOD}; a value out of range is refused naming the key. */
    public Builder retryPeriod(Duration value) {
      this.retryPeriod = ConfigKeys.RETRY_PERIOD.require(value);
      return this;
    }

    /** {@link ConfigKeys#PAUSE_CONFIGMAP}; a value out of range is refused naming the key. */
    public Builder pauseConfigMap(String value) {
      this.pauseConfigMap = ConfigKeys.PAUSE_CONFIGMAP.require(value);
      return this;
    }

    public HealerConfig build() {
      if (leaderElect && !(retryPeriod.compareTo(renewDeadline) < 0 && renewDeadline.compareTo(leaseDuration) < 0)) {
        throw new IllegalArgumentException("leader election needs leader-elect-retry-period < "
            + "leader-elect-renew-deadline < leader-elect-lease-duration, was " + retryPeriod + ", "
            + renewDeadline + ", " + leaseDuration);
      }
      return new HealerConfig(this);
    }

    private static List<CheckConfig> withAllowedNames(List<CheckConfig> checks) {
      List<CheckConfig> copy = List.copyOf(checks);
      CheckNames.identities(copy);
      return copy;
    }
  }
}
