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
  public static final Duration DEFAULT_MONITOR_INTERVAL = Duration.ofSeconds(60);
  /** Go default of {@code check-delay-after-add}. */
  public static final Duration DEFAULT_CHECK_DELAY_AFTER_ADD = Duration.ofMinutes(10);
  /** Go default of {@code rebuild-delay-after-reboot}. */
  public static final Duration DEFAULT_REBUILD_DELAY_AFTER_REBOOT = Duration.ofMinutes(5);
  /** Go default of {@code cloud-provider}. */
  public static final String DEFAULT_CLOUD_PROVIDER = "openstack";
  /** Default of {@code node-group-label}: the label Magnum puts on every node. */
  public static final String DEFAULT_NODE_GROUP_LABEL = "magnum.openstack.org/nodegroup";
  /** The Go healer's leader-election Lease namespace, so that the old and the new healer share it. */
  public static final String DEFAULT_LEASE_NAMESPACE = "kube-system";
  /** The Go healer's leader-election Lease name. */
  public static final String DEFAULT_LEASE_NAME = "magnum-auto-healer";
  /** Default of {@code max-unhealthy-per-zone}: more than half of a zone's nodes at once is a zone event. */
  public static final UnhealthyLimit DEFAULT_MAX_UNHEALTHY_PER_ZONE = UnhealthyLimit.percent(50);
  /** The value of {@code max-repairs-per-hour} that sets no ceiling, and its default. */
  public static final int NO_REPAIR_CEILING = 0;
  /** Default of {@code pause-configmap}. */
  public static final String DEFAULT_PAUSE_CONFIGMAP = "healer-control";

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
  // Fencing (issue #16 item 1).
  private final boolean fenceBeforeRebuild;
  private final Duration fenceTimeout;
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
    this.fenceBeforeRebuild = b.fenceBeforeRebuild;
    this.fenceTimeout = b.fenceTimeout;
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
    b.fenceBeforeRebuild = fenceBeforeRebuild;
    b.fenceTimeout = fenceTimeout;
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

  /**
   * {@code fence-before-rebuild}: before a worker whose pods could not be drained is rebuilt or
   * replaced, make sure its server is off (power it off if needed) and taint it {@code
   * node.kubernetes.io/out-of-service=nodeshutdown:NoExecute}, so its pods and volumes move.
   */
  public boolean fenceBeforeRebuild() {
    return fenceBeforeRebuild;
  }

  /**
   * {@code fence-timeout}: how long fencing waits for the server to be reported off; after it, the
   * repair goes on without the taint.
   */
  public Duration fenceTimeout() {
    return fenceTimeout;
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
    private boolean dryRun = false;
    private String cloudProvider = DEFAULT_CLOUD_PROVIDER;
    private Settings cloudSettings = Settings.empty();
    private Duration monitorInterval = DEFAULT_MONITOR_INTERVAL;
    private boolean masterMonitorEnabled = true;
    private boolean workerMonitorEnabled = true;
    private boolean leaderElect = true;
    private Duration checkDelayAfterAdd = DEFAULT_CHECK_DELAY_AFTER_ADD;
    private Duration rebuildDelayAfterReboot = DEFAULT_REBUILD_DELAY_AFTER_REBOOT;
    private String kubernetesApiHost;
    private String kubeconfig;
    private List<CheckConfig> masterChecks = List.of();
    private List<CheckConfig> workerChecks = List.of();
    private boolean healingEnabled = true;
    private UnhealthyLimit maxUnhealthyMasters = UnhealthyLimit.DEFAULT;
    private UnhealthyLimit maxUnhealthyWorkers = UnhealthyLimit.DEFAULT;
    private UnhealthyLimit maxUnhealthyPerZone = DEFAULT_MAX_UNHEALTHY_PER_ZONE;
    private int maxRepairsPerHour = NO_REPAIR_CEILING;
    private Duration stormCooldown = Duration.ofMinutes(10);
    private int maxRepairsInFlight = 3;
    private int maxRepairsInFlightPerGroup = 1;
    private String nodeGroupLabel = DEFAULT_NODE_GROUP_LABEL;
    private int repairRetries = 3;
    private Duration repairBackoff = Duration.ofMinutes(5);
    private Duration repairTimeout = Duration.ofMinutes(30);
    private Duration healthyDuration = Duration.ofMinutes(10);
    private Duration checkTimeout = Duration.ofSeconds(10);
    private boolean drainEnabled = true;
    private Duration drainTimeout = Duration.ofMinutes(10);
    private boolean fenceBeforeRebuild = true;
    private Duration fenceTimeout = Duration.ofMinutes(5);
    private String leaseName = DEFAULT_LEASE_NAME;
    private String leaseNamespace = DEFAULT_LEASE_NAMESPACE;
    private Duration leaseDuration = Duration.ofSeconds(20);
    private Duration renewDeadline = Duration.ofSeconds(15);
    private Duration retryPeriod = Duration.ofSeconds(5);
    private String pauseConfigMap = DEFAULT_PAUSE_CONFIGMAP;

    private Builder(String clusterName) {
      Objects.requireNonNull(clusterName, "cluster-name");
      if (clusterName.isBlank()) {
        throw new IllegalArgumentException("cluster-name must not be blank");
      }
      this.clusterName = clusterName;
    }

    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    public Builder cloudProvider(String cloudProvider) {
      this.cloudProvider = Objects.requireNonNull(cloudProvider, "cloud-provider");
      return this;
    }

    public Builder cloudSettings(Settings cloudSettings) {
      this.cloudSettings = Objects.requireNonNull(cloudSettings, "cloudSettings");
      return this;
    }

    public Builder monitorInterval(Duration monitorInterval) {
      this.monitorInterval = positive("monitor-interval", monitorInterval);
      return this;
    }

    public Builder masterMonitorEnabled(boolean enabled) {
      this.masterMonitorEnabled = enabled;
      return this;
    }

    public Builder workerMonitorEnabled(boolean enabled) {
      this.workerMonitorEnabled = enabled;
      return this;
    }

    public Builder leaderElect(boolean leaderElect) {
      this.leaderElect = leaderElect;
      return this;
    }

    public Builder checkDelayAfterAdd(Duration delay) {
      this.checkDelayAfterAdd = notNegative("check-delay-after-add", delay);
      return this;
    }

    public Builder rebuildDelayAfterReboot(Duration delay) {
      this.rebuildDelayAfterReboot = notNegative("rebuild-delay-after-reboot", delay);
      return this;
    }

    public Builder kubernetesApiHost(String apiHost) {
      this.kubernetesApiHost = apiHost;
      return this;
    }

    public Builder kubeconfig(String kubeconfig) {
      this.kubeconfig = kubeconfig;
      return this;
    }

    /**
     * {@code healthcheck.master}.
     *
     * @throws IllegalArgumentException if a check's name breaks the rule of {@link CheckNames}
     */
    public Builder masterChecks(List<CheckConfig> checks) {
      this.masterChecks = withAllowedNames(checks);
      return this;
    }

    /**
     * {@code healthcheck.worker}.
     *
     * @throws IllegalArgumentException if a check's name breaks the rule of {@link CheckNames}
     */
    public Builder workerChecks(List<CheckConfig> checks) {
      this.workerChecks = withAllowedNames(checks);
      return this;
    }

    public Builder healingEnabled(boolean enabled) {
      this.healingEnabled = enabled;
      return this;
    }

    public Builder maxUnhealthyMasters(UnhealthyLimit limit) {
      this.maxUnhealthyMasters = Objects.requireNonNull(limit, "max-unhealthy-masters");
      return this;
    }

    public Builder maxUnhealthyWorkers(UnhealthyLimit limit) {
      this.maxUnhealthyWorkers = Objects.requireNonNull(limit, "max-unhealthy-workers");
      return this;
    }

    public Builder maxUnhealthyPerZone(UnhealthyLimit limit) {
      this.maxUnhealthyPerZone = Objects.requireNonNull(limit, "max-unhealthy-per-zone");
      return this;
    }

    /** At most {@code max} repairs started in any sliding hour; {@link #NO_REPAIR_CEILING} for none. */
    public Builder maxRepairsPerHour(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("max-repairs-per-hour must be 0 (no ceiling) or more, was " + max);
      }
      this.maxRepairsPerHour = max;
      return this;
    }

    public Builder stormCooldown(Duration cooldown) {
      this.stormCooldown = notNegative("storm-cooldown", cooldown);
      return this;
    }

    public Builder maxRepairsInFlight(int max) {
      this.maxRepairsInFlight = atLeastOne("max-repairs-in-flight", max);
      return this;
    }

    public Builder maxRepairsInFlightPerGroup(int max) {
      this.maxRepairsInFlightPerGroup = atLeastOne("max-repairs-in-flight-per-group", max);
      return this;
    }

    public Builder nodeGroupLabel(String label) {
      this.nodeGroupLabel = Objects.requireNonNull(label, "node-group-label");
      return this;
    }

    public Builder repairRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("repair-retries must be 0 or more, was " + retries);
      }
      this.repairRetries = retries;
      return this;
    }

    public Builder repairBackoff(Duration backoff) {
      this.repairBackoff = notNegative("repair-backoff", backoff);
      return this;
    }

    public Builder repairTimeout(Duration timeout) {
      this.repairTimeout = positive("repair-timeout", timeout);
      return this;
    }

    public Builder healthyDuration(Duration duration) {
      this.healthyDuration = notNegative("healthy-duration", duration);
      return this;
    }

    public Builder checkTimeout(Duration timeout) {
      this.checkTimeout = positive("check-timeout", timeout);
      return this;
    }

    public Builder drainEnabled(boolean enabled) {
      this.drainEnabled = enabled;
      return this;
    }

    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = notNegative("drain-timeout", timeout);
      return this;
    }

    public Builder fenceBeforeRebuild(boolean enabled) {
      this.fenceBeforeRebuild = enabled;
      return this;
    }

    public Builder fenceTimeout(Duration timeout) {
      this.fenceTimeout = notNegative("fence-timeout", timeout);
      return this;
    }

    public Builder leaseName(String name) {
      this.leaseName = Objects.requireNonNull(name, "leader-elect-lease-name");
      return this;
    }

    public Builder leaseNamespace(String namespace) {
      this.leaseNamespace = Objects.requireNonNull(namespace, "leader-elect-lease-namespace");
      return this;
    }

    public Builder leaseDuration(Duration duration) {
      this.leaseDuration = positive("leader-elect-lease-duration", duration);
      return this;
    }

    public Builder renewDeadline(Duration deadline) {
      this.renewDeadline = positive("leader-elect-renew-deadline", deadline);
      return this;
    }

    public Builder retryPeriod(Duration period) {
      this.retryPeriod = positive("leader-elect-retry-period", period);
      return this;
    }

    public Builder pauseConfigMap(String name) {
      this.pauseConfigMap = Objects.requireNonNull(name, "pause-configmap");
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

    private static Duration positive(String key, Duration d) {
      Objects.requireNonNull(d, key);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(key + " must be longer than zero, was " + d);
      }
      return d;
    }

    private static Duration notNegative(String key, Duration d) {
      Objects.requireNonNull(d, key);
      if (d.isNegative()) {
        throw new IllegalArgumentException(key + " must not be negative, was " + d);
      }
      return d;
    }

    private static int atLeastOne(String key, int n) {
      if (n < 1) {
        throw new IllegalArgumentException(key + " must be 1 or more, was " + n);
      }
      return n;
    }
  }
}
