package io.healer.core.config;

import io.healer.api.NodeRole;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.api.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns a parsed config.yaml (a map of plain YAML values) into a {@link ConfigReport}, collecting
 * every problem instead of stopping at the first. One instance reads one document.
 *
 * <p>Values are only handed to {@link HealerConfig.Builder} for keys that are present and valid, so
 * the defaults live in one place, the builder, and the same assignments give both the config and,
 * when there are problems, the best-effort config.
 */
final class ConfigReader {

  // The Go magnum-auto-healer's keys, as in pkg/autohealing/config/config.go.
  static final String CLUSTER_NAME = "cluster-name";
  static final String DRY_RUN = "dry-run";
  static final String CLOUD_PROVIDER = "cloud-provider";
  static final String MONITOR_INTERVAL = "monitor-interval";
  static final String MASTER_MONITOR_ENABLED = "master-monitor-enabled";
  static final String WORKER_MONITOR_ENABLED = "worker-monitor-enabled";
  static final String LEADER_ELECT = "leader-elect";
  static final String CHECK_DELAY_AFTER_ADD = "check-delay-after-add";
  static final String REBUILD_DELAY_AFTER_REBOOT = "rebuild-delay-after-reboot";
  static final String KUBERNETES = "kubernetes";
  static final String API_HOST = "api-host";
  static final String KUBECONFIG = "kubeconfig";
  static final String HEALTHCHECK = "healthcheck";
  static final String OPENSTACK = "openstack";
  static final String TYPE = "type";
  static final String PARAMS = "params";

  // healer's own keys.
  static final String HEALING_ENABLED = "healing-enabled";
  static final String MAX_UNHEALTHY_MASTERS = "max-unhealthy-masters";
  static final String MAX_UNHEALTHY_WORKERS = "max-unhealthy-workers";
  static final String MAX_UNHEALTHY_PER_ZONE = "max-unhealthy-per-zone";
  static final String MAX_REPAIRS_PER_HOUR = "max-repairs-per-hour";
  static final String STORM_COOLDOWN = "storm-cooldown";
  static final String MAX_REPAIRS_IN_FLIGHT = "max-repairs-in-flight";
  static final String MAX_REPAIRS_IN_FLIGHT_PER_GROUP = "max-repairs-in-flight-per-group";
  static final String NODE_GROUP_LABEL = "node-group-label";
  static final String REPAIR_RETRIES = "repair-retries";
  static final String REPAIR_BACKOFF = "repair-backoff";
  static final String REPAIR_TIMEOUT = "repair-timeout";
  static final String HEALTHY_DURATION = "healthy-duration";
  static final String CHECK_TIMEOUT = "check-timeout";
  static final String DRAIN_ENABLED = "drain-enabled";
  static final String DRAIN_TIMEOUT = "drain-timeout";
  // Fencing (issue #16 item 1).
  static final String FENCE_BEFORE_REBUILD = "fence-before-rebuild";
  static final String FENCE_TIMEOUT = "fence-timeout";
  static final String LEASE_NAME = "leader-elect-lease-name";
  static final String LEASE_NAMESPACE = "leader-elect-lease-namespace";
  static final String LEASE_DURATION = "leader-elect-lease-duration";
  static final String RENEW_DEADLINE = "leader-elect-renew-deadline";
  static final String RETRY_PERIOD = "leader-elect-retry-period";
  static final String PAUSE_CONFIGMAP = "pause-configmap";

  static final List<String> KUBERNETES_KEYS = List.of(API_HOST, KUBECONFIG);
  static final List<String> CHECK_KEYS = List.of(TYPE, PARAMS);
  static final List<String> HEALTHCHECK_KEYS =
      List.of(NodeRole.MASTER.configName(), NodeRole.WORKER.configName());
  static final List<String> LEASE_KEYS = List.of(LEADER_ELECT, LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD);

  // Upper bounds that no real cluster reaches; they keep a typo such as 30000 from passing.
  private static final int MAX_IN_FLIGHT = 10_000;
  private static final int MAX_RETRIES = 1_000;

  private static final String FLAG = "true or false";
  private static final String DURATION = "a duration with a unit, such as 30s, 5m or 1h30m";
  private static final String POSITIVE_DURATION = "a duration longer than zero, such as 30s, 5m or 1h30m";
  private static final String NAME = "a single non-empty value";
  private static final String LIMIT =
      "a number of nodes such as 2, or a percentage of the role's nodes from 0% to 100% such as 40%";
  private static final String ZONE_LIMIT =
      "a number of nodes such as 2, or a percentage of the zone's nodes from 0% to 100% such as 50%"
          + " (100% switches the rule off)";

  /** Reads one top-level key: validates it and, when valid, queues its assignment. */
  private interface Field {
    void read(Settings block, String key);
  }

  private final Map<String, Field> fields = new LinkedHashMap<>();
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final List<Consumer<HealerConfig.Builder>> assignments = new ArrayList<>();
  private String clusterName;

  private ConfigReader() {
    fields.put(CLUSTER_NAME, (block, key) -> clusterName = name(block, key));
    fields.put(DRY_RUN, flag(HealerConfig.Builder::dryRun));
    fields.put(CLOUD_PROVIDER, text(HealerConfig.Builder::cloudProvider));
    fields.put(MONITOR_INTERVAL, duration(HealerConfig.Builder::monitorInterval, true));
    fields.put(MASTER_MONITOR_ENABLED, flag(HealerConfig.Builder::masterMonitorEnabled));
    fields.put(WORKER_MONITOR_ENABLED, flag(HealerConfig.Builder::workerMonitorEnabled));
    fields.put(LEADER_ELECT, flag(HealerConfig.Builder::leaderElect));
    fields.put(CHECK_DELAY_AFTER_ADD, duration(HealerConfig.Builder::checkDelayAfterAdd, false));
    fields.put(REBUILD_DELAY_AFTER_REBOOT, duration(HealerConfig.Builder::rebuildDelayAfterReboot, false));
    fields.put(KUBERNETES, this::kubernetes);
    fields.put(HEALTHCHECK, this::healthcheck);
    fields.put(HEALING_ENABLED, flag(HealerConfig.Builder::healingEnabled));
    fields.put(MAX_UNHEALTHY_MASTERS, limit(HealerConfig.Builder::maxUnhealthyMasters, LIMIT));
    fields.put(MAX_UNHEALTHY_WORKERS, limit(HealerConfig.Builder::maxUnhealthyWorkers, LIMIT));
    fields.put(MAX_UNHEALTHY_PER_ZONE, limit(HealerConfig.Builder::maxUnhealthyPerZone, ZONE_LIMIT));
    // 0, the default, sets no ceiling.
    fields.put(MAX_REPAIRS_PER_HOUR, count(HealerConfig.Builder::maxRepairsPerHour, 0, MAX_IN_FLIGHT));
    fields.put(STORM_COOLDOWN, duration(HealerConfig.Builder::stormCooldown, false));
    fields.put(MAX_REPAIRS_IN_FLIGHT, count(HealerConfig.Builder::maxRepairsInFlight, 1, MAX_IN_FLIGHT));
    fields.put(MAX_REPAIRS_IN_FLIGHT_PER_GROUP,
        count(HealerConfig.Builder::maxRepairsInFlightPerGroup, 1, MAX_IN_FLIGHT));
    fields.put(NODE_GROUP_LABEL, text(HealerConfig.Builder::nodeGroupLabel));
    fields.put(REPAIR_RETRIES, count(HealerConfig.Builder::repairRetries, 0, MAX_RETRIES));
    fields.put(REPAIR_BACKOFF, duration(HealerConfig.Builder::repairBackoff, false));
    fields.put(REPAIR_TIMEOUT, duration(HealerConfig.Builder::repairTimeout, true));
    fields.put(HEALTHY_DURATION, duration(HealerConfig.Builder::healthyDuration, false));
    fields.put(CHECK_TIMEOUT, duration(HealerConfig.Builder::checkTimeout, true));
    fields.put(DRAIN_ENABLED, flag(HealerConfig.Builder::drainEnabled));
    fields.put(DRAIN_TIMEOUT, duration(HealerConfig.Builder::drainTimeout, false));
    fields.put(FENCE_BEFORE_REBUILD, flag(HealerConfig.Builder::fenceBeforeRebuild));
    fields.put(FENCE_TIMEOUT, duration(HealerConfig.Builder::fenceTimeout, true));
    fields.put(LEASE_NAME, text(HealerConfig.Builder::leaseName));
    fields.put(LEASE_NAMESPACE, text(HealerConfig.Builder::leaseNamespace));
    fields.put(LEASE_DURATION, duration(HealerConfig.Builder::leaseDuration, true));
    fields.put(RENEW_DEADLINE, duration(HealerConfig.Builder::renewDeadline, true));
    fields.put(RETRY_PERIOD, duration(HealerConfig.Builder::retryPeriod, true));
    fields.put(PAUSE_CONFIGMAP, text(HealerConfig.Builder::pauseConfigMap));
  }

  /**
   * Reads a whole document.
   *
   * @param document the top-level YAML map
   * @param sourceName where it came from, for the report
   * @return every problem found, with the config built from what is valid
   */
  static ConfigReport read(Map<?, ?> document, String sourceName) {
    return new ConfigReader().readDocument(Settings.of("", stringKeys(document)), sourceName);
  }

  private ConfigReport readDocument(Settings root, String sourceName) {
    String provider = providerName(root);
    List<String> known = new ArrayList<>(fields.keySet());
    known.add(OPENSTACK);
    if (!known.contains(provider)) {
      known.add(provider);
    }
    // File order, so that problems are listed the way the operator reads the file.
    for (String key : root.keys()) {
      Field field = fields.get(key);
      if (field != null) {
        field.read(root, key);
      } else if (!known.contains(key)) {
        problems.add(ConfigProblem.unknownKey(root.pathOf(key), known));
      }
    }
    providerBlock(root, provider);
    if (clusterName == null && problems.stream().noneMatch(p -> p.key().equals(CLUSTER_NAME))) {
      problems.add(ConfigProblem.of(CLUSTER_NAME, null,
          "a value is required: the name or UUID of the cluster in the cloud (Magnum's cluster UUID)"));
    }
    String name = clusterName != null ? clusterName : ConfigReport.PLACEHOLDER_CLUSTER_NAME;
    HealerConfig.Builder builder = HealerConfig.builder(name);
    assignments.forEach(assignment -> assignment.accept(builder));
    HealerConfig config;
    try {
      config = builder.build();
    } catch (IllegalArgumentException e) {
      // Only a rule across keys gets here (each key was checked on its own above): the lease timings.
      // Judged only when the operator wrote each of them validly: otherwise a default stands in for
      // a bad value, and the rule would blame a value nobody wrote.
      if (problems.stream().noneMatch(p -> LEASE_KEYS.contains(p.key()))) {
        problems.add(ConfigProblem.of(RENEW_DEADLINE, null,
            "timings where leader-elect-retry-period < leader-elect-renew-deadline < leader-elect-lease-duration ("
                + e.getMessage() + ")"));
      }
      HealerConfig defaults = HealerConfig.builder(name).build();
      config = builder.leaseDuration(defaults.leaseDuration()).renewDeadline(defaults.renewDeadline())
          .retryPeriod(defaults.retryPeriod()).build();
    }
    return ConfigReport.read(sourceName, problems, config);
  }

  /**
   * The provider's name as far as it can be told before validation, to know which top-level key is
   * its block; {@code cloud-provider} itself is validated like every other key.
   */
  private static String providerName(Settings root) {
    Object raw = root.raw(CLOUD_PROVIDER).orElse(null);
    if (raw == null || raw instanceof Map || raw instanceof Collection || String.valueOf(raw).isBlank()) {
      return HealerConfig.DEFAULT_CLOUD_PROVIDER;
    }
    return String.valueOf(raw).strip();
  }

  /** The block under the provider's name, kept opaque: the provider's factory validates it. */
  private void providerBlock(Settings root, String provider) {
    if (!provider.equals(OPENSTACK) && fields.containsKey(provider)) {
      problems.add(ConfigProblem.of(CLOUD_PROVIDER, provider,
          "a provider name that is not one of healer's own top-level keys"));
      // The best-effort config keeps the default, as for any other invalid value.
      assignments.add(b -> b.cloudProvider(HealerConfig.DEFAULT_CLOUD_PROVIDER));
      return;
    }
    Settings block = block(root, provider);
    if (block != null) {
      assignments.add(b -> b.cloudSettings(block));
    }
  }

  private void kubernetes(Settings root, String key) {
    Settings block = block(root, key);
    if (block == null) {
      return;
    }
    requireOnlyKeys(block, KUBERNETES_KEYS);
    // An empty string means "not set", as in the Go healer (client-go then falls back).
    String apiHost = optionalText(block, API_HOST);
    if (apiHost != null) {
      assignments.add(b -> b.kubernetesApiHost(apiHost));
    }
    String kubeconfig = optionalText(block, KUBECONFIG);
    if (kubeconfig != null) {
      assignments.add(b -> b.kubeconfig(kubeconfig));
    }
  }

  private void healthcheck(Settings root, String key) {
    Settings block = block(root, key);
    if (block == null) {
      return;
    }
    requireOnlyKeys(block, HEALTHCHECK_KEYS);
    for (NodeRole role : NodeRole.values()) {
      List<CheckConfig> checks = checks(block, role.configName());
      if (checks != null) {
        assignments.add(role == NodeRole.MASTER ? b -> b.masterChecks(checks) : b -> b.workerChecks(checks));
      }
    }
  }

  /**
   * The checks of one role, or {@code null} when absent or not a list. An entry that is malformed
   * itself is reported and left out; the others are kept for the best-effort config.
   */
  private List<CheckConfig> checks(Settings healthcheck, String key) {
    Object raw = healthcheck.raw(key).orElse(null);
    if (raw == null) {
      return null;
    }
    String path = healthcheck.pathOf(key);
    if (!(raw instanceof List<?> entries)) {
      problems.add(ConfigProblem.of(path, null,
          "a list of checks, each with a type and optional params" + found(raw)));
      return null;
    }
    List<CheckConfig> checks = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      CheckConfig check = check(path + "[" + i + "]", entries.get(i));
      if (check != null) {
        checks.add(check);
      }
    }
    return withAllowedNames(checks);
  }

  /**
   * The checks with every name that would not tell its check apart reported and dropped, so that
   * the best-effort config holds a valid list.
   */
  private List<CheckConfig> withAllowedNames(List<CheckConfig> checks) {
    List<Optional<String>> why = CheckNames.problems(checks.stream().map(CheckConfig::type).toList(),
        checks.stream().map(CheckConfig::name).toList());
    List<CheckConfig> allowed = new ArrayList<>(checks.size());
    for (int i = 0; i < checks.size(); i++) {
      CheckConfig check = checks.get(i);
      if (why.get(i).isPresent()) {
        problems.add(ConfigProblem.of(check.params().pathOf(CheckConfig.NAME_KEY), check.name(),
            CheckNames.ALLOWED + " (" + why.get(i).get() + ")"));
        check = check.withName(null);
      }
      allowed.add(check);
    }
    return allowed;
  }

  /**
   * One check entry, or {@code null} when it is malformed: not a block, without a usable type, with
   * an unknown key or with params that are not a block. A bad {@code unhealthy-duration} is reported
   * and the entry kept with the default, so that its factory still judges the other params.
   */
  private CheckConfig check(String path, Object raw) {
    if (!(raw instanceof Map<?, ?> map)) {
      boolean scalar = raw != null && !(raw instanceof Collection);
      problems.add(ConfigProblem.of(path, scalar ? raw : null,
          "a check: a block with a type and optional params, such as {type: NodeCondition}"
              + (scalar ? "" : found(raw))));
      return null;
    }
    int before = problems.size();
    Settings entry = Settings.of(path, stringKeys(map));
    requireOnlyKeys(entry, CHECK_KEYS);
    String type = null;
    if (entry.raw(TYPE).isEmpty()) {
      problems.add(ConfigProblem.of(entry.pathOf(TYPE), null,
          "a check type is required, such as NodeCondition or Endpoint"));
    } else {
      type = name(entry, TYPE);
    }
    Settings params = block(entry, PARAMS);
    boolean malformed = problems.size() > before || type == null || params == null;
    Duration unhealthyDuration = null;
    if (params != null && params.raw(CheckConfig.UNHEALTHY_DURATION_KEY).isPresent()) {
      unhealthyDuration = readDuration(params, CheckConfig.UNHEALTHY_DURATION_KEY, false);
    }
    String checkName = params == null ? null : checkName(params);
    if (malformed) {
      return null;
    }
    return new CheckConfig(type, unhealthyDuration != null ? unhealthyDuration : CheckConfig.DEFAULT_UNHEALTHY_DURATION,
        checkName, params.without(List.of(CheckConfig.UNHEALTHY_DURATION_KEY, CheckConfig.NAME_KEY)));
  }

  /** A check's {@code name} param, or {@code null} when absent or (with a problem recorded) invalid. */
  private String checkName(Settings params) {
    return params.raw(CheckConfig.NAME_KEY).isEmpty() ? null : name(params, CheckConfig.NAME_KEY, CheckNames.ALLOWED);
  }

  private Field flag(BiConsumer<HealerConfig.Builder, Boolean> setter) {
    return (block, key) -> assign(block, key,
        () -> scalar(block, key, FLAG) ? attempt(() -> block.bool(key, false)) : null, setter);
  }

  private Field duration(BiConsumer<HealerConfig.Builder, Duration> setter, boolean positive) {
    return (block, key) -> assign(block, key, () -> readDuration(block, key, positive), setter);
  }

  private Field count(BiConsumer<HealerConfig.Builder, Integer> setter, int min, int max) {
    return (block, key) -> assign(block, key,
        () -> scalar(block, key, "a whole number") ? attempt(() -> block.integer(key, min, min, max)) : null, setter);
  }

  private Field text(BiConsumer<HealerConfig.Builder, String> setter) {
    return (block, key) -> assign(block, key, () -> name(block, key), setter);
  }

  private Field limit(BiConsumer<HealerConfig.Builder, UnhealthyLimit> setter, String allowed) {
    return (block, key) -> assign(block, key, () -> {
      if (!scalar(block, key, allowed)) {
        return null;
      }
      Object raw = block.raw(key).orElseThrow();
      UnhealthyLimit limit = UnhealthyLimit.parse(String.valueOf(raw));
      if (limit == null) {
        problems.add(ConfigProblem.of(block.pathOf(key), raw, allowed));
      }
      return limit;
    }, setter);
  }

  /**
   * Reads a present, non-null value and queues its assignment; an absent or null value keeps the
   * builder's default, as an absent key does in the Go healer.
   */
  private <T> void assign(Settings block, String key, Supplier<T> read, BiConsumer<HealerConfig.Builder, T> setter) {
    if (block.raw(key).isEmpty()) {
      return;
    }
    T value = read.get();
    if (value != null) {
      assignments.add(b -> setter.accept(b, value));
    }
  }

  private Duration readDuration(Settings block, String key, boolean positive) {
    if (!scalar(block, key, DURATION)) {
      return null;
    }
    Duration value = attempt(() -> block.duration(key, null));
    if (value != null && positive && value.isZero()) {
      problems.add(ConfigProblem.of(block.pathOf(key), block.raw(key).orElseThrow(), POSITIVE_DURATION));
      return null;
    }
    return value;
  }

  /** A non-blank single value, or {@code null} with a problem recorded. */
  private String name(Settings block, String key) {
    return name(block, key, NAME);
  }

  /** A non-blank single value, or {@code null} with a problem saying what is allowed recorded. */
  private String name(Settings block, String key, String allowed) {
    if (!scalar(block, key, allowed)) {
      return null;
    }
    String value = attempt(() -> block.string(key).orElse(""));
    if (value != null && value.isBlank()) {
      problems.add(ConfigProblem.of(block.pathOf(key), value, allowed));
      return null;
    }
    return value == null ? null : value.strip();
  }

  /** A single value where empty means unset: {@code null} when absent, empty or invalid. */
  private String optionalText(Settings block, String key) {
    if (block.raw(key).isEmpty() || !scalar(block, key, "a single value")) {
      return null;
    }
    String value = attempt(() -> block.string(key).orElse(""));
    return value == null || value.isBlank() ? null : value.strip();
  }

  /**
   * A nested block, or {@code null} with a problem recorded when it is not a map. Absent or null
   * gives an empty block with the right path. The value of a wrong block is never shown: it may
   * hold credentials.
   */
  private Settings block(Settings parent, String key) {
    Object raw = parent.raw(key).orElse(null);
    if (raw == null) {
      return Settings.of(parent.pathOf(key), Map.of());
    }
    if (!(raw instanceof Map<?, ?> map)) {
      problems.add(ConfigProblem.of(parent.pathOf(key), null, "a block of keys (a YAML map)" + found(raw)));
      return null;
    }
    return Settings.of(parent.pathOf(key), stringKeys(map));
  }

  /**
   * Whether a value is a single value; a list or map is reported without its content, which could
   * be anything, including credentials pasted in the wrong place.
   */
  private boolean scalar(Settings block, String key, String expected) {
    Object raw = block.raw(key).orElse(null);
    if (raw instanceof Map || raw instanceof Collection) {
      problems.add(ConfigProblem.of(block.pathOf(key), null, expected + found(raw)));
      return false;
    }
    return true;
  }

  private void requireOnlyKeys(Settings block, Collection<String> known) {
    for (String key : block.keys()) {
      if (!known.contains(key)) {
        problems.add(ConfigProblem.unknownKey(block.pathOf(key), known));
      }
    }
  }

  private <T> T attempt(Supplier<T> read) {
    try {
      return read.get();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return null;
    }
  }

  private static String found(Object raw) {
    if (raw instanceof Map) {
      return " (found a map of keys)";
    }
    if (raw instanceof Collection) {
      return " (found a list)";
    }
    return raw == null ? " (found nothing)" : " (found a single value)";
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }
}
