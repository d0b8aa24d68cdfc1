package io.healer.core.config;

import io.healer.api.config.ConfigProblem;
import io.healer.api.config.ConfigProblems;
import io.healer.api.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns a parsed config.yaml (a map of plain YAML values) into a {@link ConfigReport}, collecting
 * every problem instead of stopping at the first. One instance reads one document.
 *
 * <p>Which keys there are, and what kind of value each takes, comes from {@link ConfigKeys}. Values
 * are only handed to {@link HealerConfig.Builder} for keys that are present and valid, so the
 * defaults stay the table's, and the same assignments give both the config and, when there are
 * problems, the best-effort config.
 */
final class ConfigReader {

  static final String TYPE = "type";
  static final String PARAMS = "params";
  static final List<String> CHECK_KEYS = List.of(TYPE, PARAMS);

  private final ConfigProblems problems = new ConfigProblems();
  private final List<Consumer<HealerConfig.Builder>> assignments = new ArrayList<>();
  private String clusterName;

  private ConfigReader() {}

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
    Map<String, List<ConfigKey<?>>> blocks = topLevelKeys();
    List<String> known = new ArrayList<>(blocks.keySet());
    if (!known.contains(provider)) {
      known.add(provider);
    }
    // File order, so that problems are listed the way the operator reads the file.
    for (String key : root.keys()) {
      List<ConfigKey<?>> keys = blocks.get(key);
      if (keys == null) {
        if (!known.contains(key)) {
          problems.add(ConfigProblem.unknownKey(root.pathOf(key), known));
        }
      } else if (keys.size() == 1 && keys.get(0).name().equals(key)) {
        readKey(keys.get(0), root);
      } else {
        readBlock(root, key, keys);
      }
    }
    providerBlock(root, provider);
    if (clusterName == null && problems.list().stream().noneMatch(p -> p.key().equals(ConfigKeys.CLUSTER_NAME.name()))) {
      problems.add(ConfigProblem.of(ConfigKeys.CLUSTER_NAME.name(), null,
          "a value is required: " + ConfigKeys.CLUSTER_NAME.help()));
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
      List<String> timings = new ArrayList<>(List.of(ConfigKeys.LEADER_ELECT.name()));
      ConfigKeys.LEASE_TIMINGS.forEach(k -> timings.add(k.name()));
      if (problems.list().stream().noneMatch(p -> timings.contains(p.key()))) {
        problems.add(ConfigProblem.of(ConfigKeys.RENEW_DEADLINE.name(), null,
            "timings where leader-elect-retry-period < leader-elect-renew-deadline < leader-elect-lease-duration ("
                + e.getMessage() + ")"));
      }
      HealerConfig defaults = HealerConfig.builder(name).build();
      config = builder.leaseDuration(defaults.leaseDuration()).renewDeadline(defaults.renewDeadline())
          .retryPeriod(defaults.retryPeriod()).build();
    }
    return ConfigReport.read(sourceName, problems.list(), config);
  }

  /**
   * The table's keys by the top-level key they are written under: a key by its own name, the keys of
   * a block (kubernetes.api-host, ...) by the block's, in the table's order.
   */
  private static Map<String, List<ConfigKey<?>>> topLevelKeys() {
    Map<String, List<ConfigKey<?>>> blocks = new LinkedHashMap<>();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      blocks.computeIfAbsent(key.block().orElse(key.name()), k -> new ArrayList<>()).add(key);
    }
    return blocks;
  }

  /** A block of keys of the table, such as {@code kubernetes} or {@code healthcheck}. */
  private void readBlock(Settings root, String name, List<ConfigKey<?>> keys) {
    Settings block = block(root, name);
    if (block == null) {
      return;
    }
    requireOnlyKeys(block, keys.stream().map(ConfigKey::simpleName).toList());
    keys.forEach(key -> readKey(key, block));
  }

  /**
   * Reads a present, non-null value and queues its assignment; an absent or null value keeps the
   * builder's default, as an absent key does in the Go healer. The provider's block is read apart
   * ({@link #providerBlock}), since its key is named by {@code cloud-provider}.
   */
  private <T> void readKey(ConfigKey<T> key, Settings block) {
    if (key == ConfigKeys.OPENSTACK || block.raw(key.simpleName()).isEmpty()) {
      return;
    }
    T value = key.read(this, block);
    if (value == null) {
      return;
    }
    if (key == ConfigKeys.CLUSTER_NAME) {
      clusterName = (String) value;
    }
    assignments.add(b -> key.assign(b, value));
  }

  /**
   * The provider's name as far as it can be told before validation, to know which top-level key is
   * its block; {@code cloud-provider} itself is validated like every other key.
   */
  private static String providerName(Settings root) {
    Object raw = root.raw(ConfigKeys.CLOUD_PROVIDER.name()).orElse(null);
    if (raw == null || raw instanceof Map || raw instanceof Collection || String.valueOf(raw).isBlank()) {
      return HealerConfig.DEFAULT_CLOUD_PROVIDER;
    }
    return String.valueOf(raw).strip();
  }

  /** The block under the provider's name, kept opaque: the provider's factory validates it. */
  private void providerBlock(Settings root, String provider) {
    if (!provider.equals(ConfigKeys.OPENSTACK.name()) && topLevelKeys().containsKey(provider)) {
      problems.add(ConfigProblem.of(ConfigKeys.CLOUD_PROVIDER.name(), provider,
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

  /**
   * The checks of one role, or {@code null} when absent or not a list. An entry that is malformed
   * itself is reported and left out; the others are kept for the best-effort config.
   */
  List<CheckConfig> checks(Settings healthcheck, String key) {
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
    int before = problems.list().size();
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
    boolean malformed = problems.list().size() > before || type == null || params == null;
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

  // The readers of the kinds of value in ConfigKey.Kind: each answers the value, or null with the
  // problem recorded.

  Boolean flag(Settings block, String key) {
    return scalar(block, key, ConfigKey.Kind.FLAG_ALLOWED) ? problems.read(() -> block.bool(key, false), null) : null;
  }

  Duration duration(Settings block, String key, boolean positive) {
    return readDuration(block, key, positive);
  }

  Integer count(Settings block, String key, int min, int max) {
    return scalar(block, key, "a whole number") ? problems.read(() -> block.integer(key, min, min, max), null) : null;
  }

  UnhealthyLimit limit(Settings block, String key, String allowed) {
    if (!scalar(block, key, allowed)) {
      return null;
    }
    Object raw = block.raw(key).orElseThrow();
    UnhealthyLimit limit = UnhealthyLimit.parse(String.valueOf(raw));
    if (limit == null) {
      problems.add(ConfigProblem.of(block.pathOf(key), raw, allowed));
    }
    return limit;
  }

  private Duration readDuration(Settings block, String key, boolean positive) {
    if (!scalar(block, key, ConfigKey.Kind.DURATION_ALLOWED)) {
      return null;
    }
    Duration value = problems.read(() -> block.duration(key, null), null);
    if (value != null && positive && value.isZero()) {
      problems.add(ConfigProblem.of(block.pathOf(key), block.raw(key).orElseThrow(),
          ConfigKey.Kind.POSITIVE_DURATION_ALLOWED));
      return null;
    }
    return value;
  }

  /** A non-blank single value, or {@code null} with a problem recorded. */
  String name(Settings block, String key) {
    return name(block, key, ConfigKey.Kind.TEXT_ALLOWED);
  }

  /** A non-blank single value, or {@code null} with a problem saying what is allowed recorded. */
  private String name(Settings block, String key, String allowed) {
    if (!scalar(block, key, allowed)) {
      return null;
    }
    String value = problems.read(() -> block.string(key).orElse(""), null);
    if (value != null && value.isBlank()) {
      problems.add(ConfigProblem.of(block.pathOf(key), value, allowed));
      return null;
    }
    return value == null ? null : value.strip();
  }

  /** A single value where empty means unset: {@code null} when absent, empty or invalid. */
  String optionalText(Settings block, String key) {
    if (block.raw(key).isEmpty() || !scalar(block, key, "a single value")) {
      return null;
    }
    String value = problems.read(() -> block.string(key).orElse(""), null);
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
    problems.check(() -> block.requireOnlyKeys(known));
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
