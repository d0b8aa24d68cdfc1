package io.healer.core.config;

import io.healer.api.API;
import static io.healer.core.config.ConfigKey.Origin.GO;
import static io.healer.core.config.ConfigKey.Origin.HEALER;
import static io.healer.core.config.ConfigKey.key;

import io.healer.api.NodeRole;
import io.healer.api.check.CheckId;
import io.healer.api.config.Settings;
import io.healer.core.config.ConfigKey.Kind;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every key of config.yaml, declared once: the Go magnum-auto-healer's keys (as in its
 * {@code pkg/autohealing/config/config.go}) with their defaults, then healer's own. {@link
 * ConfigReader} reads them, {@link HealerConfig.Builder} takes its defaults and range checks from
 * them, {@code healer validate} prints them and {@code ConfigKeysReadmeTest} keeps the README's
 * tables equal to {@link #markdownTables()}.
 *
 * <p>The order is the README's and {@code healer validate}'s.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ConfigKeys {

  // Upper bounds that no real cluster reaches; they keep a typo such as 30000 from passing.
  private static final int MAX_IN_FLIGHT = 10_000;
  private static final int MAX_RETRIES = 1_000;

  private static final String LIMIT =
      "a number of nodes such as 2, or a percentage of the role's nodes from 0% to 100% such as 40%";
  private static final String ZONE_LIMIT =
      "a number of nodes such as 2, or a percentage of the zone's nodes from 0% to 100% such as 50%"
          + " (100% switches the rule off)";

  private ConfigKeys() {}

  // --- The Go magnum-auto-healer's keys ----------------------------------------------------------

  /** {@code cluster-name}, required; the builder takes it as its one argument. */
  public static final ConfigKey<String> CLUSTER_NAME = key("cluster-name", GO, Kind.TEXT)
      .byDefault(null, "required")
      .help("the name or UUID of the cluster in the cloud (Magnum's cluster UUID)");

  /** {@code dry-run}, default {@code false}: decide and report, but never call the cloud. */
  public static final ConfigKey<Boolean> DRY_RUN = key("dry-run", GO, Kind.FLAG)
      .byDefault(false)
      .help("decide and report, but never call the cloud or write anything but logs and events");

  /** {@code cloud-provider}, default {@code openstack}: the name of the provider plugin. */
  public static final ConfigKey<String> CLOUD_PROVIDER = key("cloud-provider", GO, Kind.TEXT)
      .byDefault("openstack")
      .help("the name of the provider plugin; its block is the top-level key of the same name");

  /** {@code monitor-interval}, above zero, default {@code 1m}: time between two cycles. */
  public static final ConfigKey<Duration> MONITOR_INTERVAL = key("monitor-interval", GO, Kind.POSITIVE_DURATION)
      .byDefault(Duration.ofSeconds(60))
      .help("time between two cycles");

  /** {@code master-monitor-enabled}, default {@code true}: whether masters are checked and repaired. */
  public static final ConfigKey<Boolean> MASTER_MONITOR_ENABLED = key("master-monitor-enabled", GO, Kind.FLAG)
      .byDefault(true)
      .help("whether masters are checked and repaired");

  /** {@code worker-monitor-enabled}, default {@code true}: whether workers are checked and repaired. */
  public static final ConfigKey<Boolean> WORKER_MONITOR_ENABLED = key("worker-monitor-enabled", GO, Kind.FLAG)
      .byDefault(true)
      .help("whether workers are checked and repaired");

  /** {@code leader-elect}, default {@code true}: whether only the elected instance repairs. */
  public static final ConfigKey<Boolean> LEADER_ELECT = key("leader-elect", GO, Kind.FLAG)
      .byDefault(true)
      .help("whether only the elected instance repairs");

  /** {@code check-delay-after-add}, default {@code 10m}: nodes younger than this are not judged. */
  public static final ConfigKey<Duration> CHECK_DELAY_AFTER_ADD = key("check-delay-after-add", GO, Kind.DURATION)
      .byDefault(Duration.ofMinutes(10))
      .help("nodes younger than this are not judged");

  /** {@code rebuild-delay-after-reboot}, default {@code 5m}: a rebooted node's time to recover. */
  public static final ConfigKey<Duration> REBUILD_DELAY_AFTER_REBOOT =
      key("rebuild-delay-after-reboot", GO, Kind.DURATION)
          .byDefault(Duration.ofMinutes(5))
          .help("how long a rebooted node has to recover before it is rebuilt");

  /** {@code kubernetes.api-host}, optional: the API server's URL; empty means not set. */
  public static final ConfigKey<String> KUBERNETES_API_HOST = key("kubernetes.api-host", GO, Kind.OPTIONAL_TEXT)
      .byDefault(null, "from the kubeconfig or the pod's service account")
      .help("the API server's URL; empty means not set, as in the Go healer");

  /** {@code kubernetes.kubeconfig}, optional: the kubeconfig file; empty means not set. */
  public static final ConfigKey<String> KUBERNETES_KUBECONFIG = key("kubernetes.kubeconfig", GO, Kind.OPTIONAL_TEXT)
      .byDefault(null, "the pod's service account")
      .help("the kubeconfig file to connect with; empty means not set");

  /** {@code healthcheck.master}, default none: the masters' checks, in config order. */
  public static final ConfigKey<List<CheckConfig>> HEALTHCHECK_MASTER = checks(NodeRole.MASTER);

  /** {@code healthcheck.worker}, default none: the workers' checks, in config order. */
  public static final ConfigKey<List<CheckConfig>> HEALTHCHECK_WORKER = checks(NodeRole.WORKER);

  /** The provider's block; the key is named like {@code cloud-provider}, and {@code openstack} is always accepted. */
  public static final ConfigKey<Settings> OPENSTACK = key("openstack", GO, Kind.PROVIDER_BLOCK)
      .byDefault(Settings.empty())
      .shown(c -> "handed to the provider, which validates it")
      .help("the provider's block (for `cloud-provider: openstack`): Keystone auth, region, TLS; handed to the"
          + " provider as it is");

  // --- healer's own keys -------------------------------------------------------------------------

  /** {@code healing-enabled}, default {@code true}: the config switch; {@code false} repairs nothing. */
  public static final ConfigKey<Boolean> HEALING_ENABLED = key("healing-enabled", HEALER, Kind.FLAG)
      .byDefault(true)
      .help("the config switch; `false` repairs nothing (checks still run and report)");

  /** {@code max-unhealthy-masters}, default {@code 40%}: the storm guard for masters. */
  public static final ConfigKey<UnhealthyLimit> MAX_UNHEALTHY_MASTERS =
      key("max-unhealthy-masters", HEALER, Kind.limit(LIMIT))
          .byDefault(UnhealthyLimit.DEFAULT)
          .help("the storm guard for masters: a count (`2`) or a percentage of the masters, rounded up and"
              + " never below one. Above it no master is repaired");

  /** {@code max-unhealthy-workers}, default {@code 40%}: the storm guard for workers. */
  public static final ConfigKey<UnhealthyLimit> MAX_UNHEALTHY_WORKERS =
      key("max-unhealthy-workers", HEALER, Kind.limit(LIMIT))
          .byDefault(UnhealthyLimit.DEFAULT)
          .help("the storm guard for workers, as `max-unhealthy-masters`");

  /** {@code storm-cooldown}, default {@code 10m}: how long counts stay low before repairs resume. */
  public static final ConfigKey<Duration> STORM_COOLDOWN = key("storm-cooldown", HEALER, Kind.DURATION)
      .byDefault(Duration.ofMinutes(10))
      .help("after a storm, how long the counts must stay below the limit before repairs resume");

  /** {@code max-unhealthy-per-zone}, default {@code 50%}: the zone brake; {@code 100%} is off. */
  public static final ConfigKey<UnhealthyLimit> MAX_UNHEALTHY_PER_ZONE =
      key("max-unhealthy-per-zone", HEALER, Kind.limit(ZONE_LIMIT))
          .byDefault(UnhealthyLimit.percent(50))
          .shown(c -> c.maxUnhealthyPerZone() + " of a zone's nodes")
          .help("the zone brake: a count (`2`) or a percentage of one failure domain's nodes (rounded up, never"
              + " below one). A node's domain is its `topology.kubernetes.io/zone` label, else its node group"
              + " (`node-group-label`); nodes with neither form none. Above it that domain's repairs are held as a"
              + " likely zone outage (and for `storm-cooldown` after) while other domains keep healing; `100%`"
              + " switches it off");

  /** {@code max-repairs-per-hour}, 0 to 10000, default 0 (no ceiling): repairs started per sliding hour. */
  public static final ConfigKey<Integer> MAX_REPAIRS_PER_HOUR =
      key("max-repairs-per-hour", HEALER, Kind.count(0, MAX_IN_FLIGHT))
          .byDefault(HealerConfig.NO_REPAIR_CEILING, "no ceiling")
          .shown(c -> c.maxRepairsPerHour() == HealerConfig.NO_REPAIR_CEILING ? "no ceiling"
              : String.valueOf(c.maxRepairsPerHour()))
          .help("a hard ceiling of repairs started in any sliding hour; a repair the cloud turned away (busy, not"
              + " supported) does not count");

  /** {@code max-repairs-in-flight}, 1 to 10000, default 3: repairs under way at once, cluster-wide. */
  public static final ConfigKey<Integer> MAX_REPAIRS_IN_FLIGHT =
      key("max-repairs-in-flight", HEALER, Kind.count(1, MAX_IN_FLIGHT))
          .byDefault(3)
          .help("repairs under way at once, cluster-wide");

  /** {@code max-repairs-in-flight-per-group}, 1 to 10000, default 1: repairs under way in one group. */
  public static final ConfigKey<Integer> MAX_REPAIRS_IN_FLIGHT_PER_GROUP =
      key("max-repairs-in-flight-per-group", HEALER, Kind.count(1, MAX_IN_FLIGHT))
          .byDefault(1)
          .help("repairs under way at once in one node group (label `node-group-label`)");

  /** {@code node-group-label}, default {@code magnum.openstack.org/nodegroup}: names a node's group. */
  public static final ConfigKey<String> NODE_GROUP_LABEL = key("node-group-label", HEALER, Kind.TEXT)
      .byDefault("magnum.openstack.org/nodegroup")
      .help("the node label naming a node's group");

  /** {@code repair-retries}, 0 to 1000, default 3: failed repairs before the node is left for a person. */
  public static final ConfigKey<Integer> REPAIR_RETRIES = key("repair-retries", HEALER, Kind.count(0, MAX_RETRIES))
      .byDefault(3)
      .help("failed repairs of one failure before the node is left for a person");

  /** {@code repair-backoff}, default {@code 5m}: wait after a failed repair, doubled with each failure. */
  public static final ConfigKey<Duration> REPAIR_BACKOFF = key("repair-backoff", HEALER, Kind.DURATION)
      .byDefault(Duration.ofMinutes(5))
      .help("wait after a failed repair; doubles with each failure");

  /** {@code repair-timeout}, above zero, default {@code 30m}: a rebuilt or replaced node's time to recover. */
  public static final ConfigKey<Duration> REPAIR_TIMEOUT = key("repair-timeout", HEALER, Kind.POSITIVE_DURATION)
      .byDefault(Duration.ofMinutes(30))
      .help("how long a rebuilt or replaced node has to come back before the next step");

  /** {@code healthy-duration}, default {@code 10m}: healthy time after which a repair history is forgotten. */
  public static final ConfigKey<Duration> HEALTHY_DURATION = key("healthy-duration", HEALER, Kind.DURATION)
      .byDefault(Duration.ofMinutes(10))
      .help("how long a recovered node stays healthy before its repair history is forgotten");

  /** {@code check-timeout}, above zero, default {@code 10s}: the time budget of one check on one node. */
  public static final ConfigKey<Duration> CHECK_TIMEOUT = key("check-timeout", HEALER, Kind.POSITIVE_DURATION)
      .byDefault(Duration.ofSeconds(10))
      .help("the time budget of one check on one node");

  /** {@code drain-enabled}, default {@code true}: cordon and drain a worker before a rebuild or replace. */
  public static final ConfigKey<Boolean> DRAIN_ENABLED = key("drain-enabled", HEALER, Kind.FLAG)
      .byDefault(true)
      .help("cordon and drain a worker (Eviction API, PodDisruptionBudgets respected) before it is rebuilt or"
          + " replaced; reboots and masters are never drained. DaemonSet and mirror pods stay, as with `kubectl"
          + " drain`; an evicted pod counts as gone only once it is deleted, not while it is Terminating");

  /** {@code drain-timeout}, default {@code 10m}: after it a worker that is not Ready is repaired anyway. */
  public static final ConfigKey<Duration> DRAIN_TIMEOUT = key("drain-timeout", HEALER, Kind.DURATION)
      .byDefault(Duration.ofMinutes(10))
      .help("after this, a worker that is not Ready is repaired even with pods left (they cannot move); a Ready"
          + " one keeps waiting while a pod's eviction is refused (its budget, or two budgets over one pod: the"
          + " reason says which) and while a Terminating pod is within its grace period");

  /** {@code fence-before-rebuild}, default {@code true}: power off and taint an undrained worker first. */
  public static final ConfigKey<Boolean> FENCE_BEFORE_REBUILD = key("fence-before-rebuild", HEALER, Kind.FLAG)
      .byDefault(true)
      .help("before a worker whose drain left pods is rebuilt or replaced, make sure it is off (the cloud says"
          + " SHUTOFF, or healer powers it off and asks again each cycle) and taint it"
          + " `node.kubernetes.io/out-of-service=nodeshutdown:NoExecute`, so that its stateful pods' volumes move;"
          + " never while the cloud says it runs or cannot say. The taint goes when the node is healthy again");

  /** {@code fence-timeout}, above zero, default {@code 5m}: how long fencing waits for the server to be off. */
  public static final ConfigKey<Duration> FENCE_TIMEOUT = key("fence-timeout", HEALER, Kind.POSITIVE_DURATION)
      .byDefault(Duration.ofMinutes(5))
      .help("how long fencing waits for the server to be reported off; after it the repair goes on without the"
          + " taint, and the event says so");

  /** {@code second-opinion}, default {@code true}: ask the cloud about a silent node before repairing it. */
  public static final ConfigKey<Boolean> SECOND_OPINION = key("second-opinion", HEALER, Kind.FLAG)
      .byDefault(true)
      .help("before a node whose kubelet went silent (Ready `Unknown`: its Lease in `kube-node-lease` is no longer"
          + " renewed) is repaired, ask the cloud about its server: a server reported ACTIVE on a host reported UP"
          + " while `partition-min-silent` or more nodes on that host or in that zone went silent at once (within a"
          + " minute) is held"
          + " as a likely network partition, not repaired. When the cloud cannot say (an error, no host state:"
          + " Nova shows `host_status` from microversion 2.16 and to admins only) the repair goes on as without it,"
          + " and the event says why. A Ready condition and a Lease that disagree are reported in the event");

  /** {@code partition-min-silent}, 2 to 10000, default {@code 3}: silent nodes on a host or zone that make a partition. */
  public static final ConfigKey<Integer> PARTITION_MIN_SILENT =
      key("partition-min-silent", HEALER, Kind.count(2, MAX_IN_FLIGHT))
          .byDefault(3)
          .help("how many nodes whose kubelets are silent at once on one host (the cloud's `hostId`) or in one zone"
              + " (`topology.kubernetes.io/zone`, else the server's zone), the node itself among them, make the"
              + " second opinion hold an ACTIVE server on an UP host as a likely partition");

  /** {@code repair-dead-servers-at-once}, default {@code false}: the fast path for servers reported dead. */
  public static final ConfigKey<Boolean> REPAIR_DEAD_SERVERS_AT_ONCE =
      key("repair-dead-servers-at-once", HEALER, Kind.FLAG)
          .byDefault(false)
          .help("repair a node whose kubelet went silent as soon as the cloud reports its server SHUTOFF or ERROR,"
              + " without waiting out the rest of its check's unhealthy-duration (every other rule still applies;"
              + " needs `second-opinion`). Off by default: a server someone powered off on purpose is then repaired"
              + " within one cycle");

  /** {@code leader-elect-lease-namespace}, default {@code kube-system}: the Go healer's Lease namespace. */
  public static final ConfigKey<String> LEASE_NAMESPACE = key("leader-elect-lease-namespace", HEALER, Kind.TEXT)
      .byDefault("kube-system")
      .help("the namespace of the leader-election Lease — the Go healer's own, so the old and the new healer"
          + " never repair at the same time");

  /** {@code leader-elect-lease-name}, default {@code magnum-auto-healer}: the Go healer's Lease name. */
  public static final ConfigKey<String> LEASE_NAME = key("leader-elect-lease-name", HEALER, Kind.TEXT)
      .byDefault("magnum-auto-healer")
      .help("the name of the leader-election Lease, the Go healer's by default");

  /** {@code leader-elect-lease-duration}, above zero, default {@code 20s}: followers' wait to take over. */
  public static final ConfigKey<Duration> LEASE_DURATION =
      key("leader-elect-lease-duration", HEALER, Kind.POSITIVE_DURATION)
          .byDefault(Duration.ofSeconds(20))
          .help("how long followers wait before taking over (the Go healer's timing); must be longer than"
              + " `leader-elect-renew-deadline`");

  /** {@code leader-elect-renew-deadline}, above zero, default {@code 15s}: a leader's time without renewal. */
  public static final ConfigKey<Duration> RENEW_DEADLINE =
      key("leader-elect-renew-deadline", HEALER, Kind.POSITIVE_DURATION)
          .byDefault(Duration.ofSeconds(15))
          .help("how long a leader leads without a successful renewal; must be longer than"
              + " `leader-elect-retry-period`");

  /** {@code leader-elect-retry-period}, above zero, default {@code 5s}: time between two election rounds. */
  public static final ConfigKey<Duration> RETRY_PERIOD =
      key("leader-elect-retry-period", HEALER, Kind.POSITIVE_DURATION)
          .byDefault(Duration.ofSeconds(5))
          .help("time between two leader-election rounds");

  /** {@code pause-configmap}, default {@code healer-control}: the ConfigMap whose annotation pauses healing. */
  public static final ConfigKey<String> PAUSE_CONFIGMAP = key("pause-configmap", HEALER, Kind.TEXT)
      .byDefault("healer-control")
      .help("the ConfigMap in healer's namespace whose annotation pauses healing (see [Operating](#operating))");

  /** Every key, in the README's order. */
  public static final List<ConfigKey<?>> ALL = List.of(
      CLUSTER_NAME, DRY_RUN, CLOUD_PROVIDER, MONITOR_INTERVAL, MASTER_MONITOR_ENABLED, WORKER_MONITOR_ENABLED,
      LEADER_ELECT, CHECK_DELAY_AFTER_ADD, REBUILD_DELAY_AFTER_REBOOT, KUBERNETES_API_HOST, KUBERNETES_KUBECONFIG,
      HEALTHCHECK_MASTER, HEALTHCHECK_WORKER, OPENSTACK,
      HEALING_ENABLED, MAX_UNHEALTHY_MASTERS, MAX_UNHEALTHY_WORKERS, STORM_COOLDOWN, MAX_UNHEALTHY_PER_ZONE,
      MAX_REPAIRS_PER_HOUR, MAX_REPAIRS_IN_FLIGHT, MAX_REPAIRS_IN_FLIGHT_PER_GROUP, NODE_GROUP_LABEL,
      REPAIR_RETRIES, REPAIR_BACKOFF, REPAIR_TIMEOUT, HEALTHY_DURATION, CHECK_TIMEOUT, DRAIN_ENABLED,
      DRAIN_TIMEOUT, FENCE_BEFORE_REBUILD, FENCE_TIMEOUT,
      SECOND_OPINION, PARTITION_MIN_SILENT, REPAIR_DEAD_SERVERS_AT_ONCE, LEASE_NAMESPACE, LEASE_NAME, LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD, PAUSE_CONFIGMAP);

  /** The lease timings, which are judged together. */
  static final List<ConfigKey<Duration>> LEASE_TIMINGS = List.of(LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD);

  /**
   * The README's tables of keys: one of the Go healer's keys, one of healer's own, each row with the
   * key, its kind of value, its default and its help.
   *
   * @return Markdown text, ending with a line break
   */
  public static String markdownTables() {
    return table("The Go magnum-auto-healer's keys, accepted as they are and with its defaults:", ConfigKey.Origin.GO)
        + "\n" + table("healer's own keys, all optional:", ConfigKey.Origin.HEALER);
  }

  private static String table(String title, ConfigKey.Origin origin) {
    return ALL.stream().filter(k -> k.origin() == origin)
        .map(k -> "| `" + k.name() + "` | " + k.valueKind() + " | " + defaultCell(k) + " | " + k.help() + " |\n")
        .collect(Collectors.joining("", title + "\n\n| key | value | default | meaning |\n|---|---|---|---|\n", ""));
  }

  /** A default in code font, with its note in parentheses; a note alone in plain text. */
  private static String defaultCell(ConfigKey<?> key) {
    String value = key.defaultValueText().map(v -> "`" + v + "`").orElse("");
    String note = key.defaultNote().orElse("");
    return value.isEmpty() || note.isEmpty() ? value + note : value + " (" + note + ")";
  }

  private static ConfigKey<List<CheckConfig>> checks(NodeRole role) {
    return key("healthcheck." + role.configName(), GO, Kind.CHECKS)
        .byDefault(List.of())
        .shown(c -> describeChecks(c, role))
        .help("the " + role.configName() + "s' checks, each with its own `unhealthy-duration` (default "
            + GoDuration.format(CheckConfig.DEFAULT_UNHEALTHY_DURATION) + ") and optional `name`");
  }

  /** A role's checks as {@code healer validate} lists them: by name or position, with type and duration. */
  private static String describeChecks(HealerConfig c, NodeRole role) {
    List<CheckConfig> checks = c.checks(role);
    if (checks.isEmpty()) {
      return "none";
    }
    List<CheckId> ids = CheckNames.identities(checks);
    // A check shown by its name or position also says its type.
    String list = ids.stream()
        .map(id -> id.display() + " (" + (id.display().equals(id.type()) ? "" : id.type() + ", ") + "unhealthy after "
            + GoDuration.format(checks.get(id.position() - 1).unhealthyDuration()) + ")")
        .collect(Collectors.joining(", "));
    return c.monitorEnabled(role) ? list : list + ", but " + role.configName() + "-monitor-enabled is false";
  }
}
