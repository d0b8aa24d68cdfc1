package io.healer.api.config;

import io.healer.api.API;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A read-only, typed view of one plugin's config block (the {@code params} of a health check, the
 * {@code openstack} block of a provider).
 *
 * <p>Every getter that cannot read a value throws a {@link ConfigException} that names the full
 * path of the key, the value found and what is allowed; values of secret-looking keys are never
 * shown. A factory calls {@link #requireOnlyKeys(Collection)} first so that a typo is reported with
 * the nearest known key instead of being silently ignored:
 *
 * <pre>{@code
 * public HealthCheck create(Settings settings) {
 *   settings.requireOnlyKeys(List.of("types", "ok-values", "unhealthy-duration"));
 *   List<String> types = settings.stringList("types", List.of("Ready"));
 *   return new NodeConditionCheck(types, settings.stringList("ok-values", List.of("True")));
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} never prints secret values.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Settings {

  private static final Settings EMPTY = new Settings("", Map.of());
  private static final String STRINGS = "a list of strings, such as [Ready]";

  private final String path;
  private final Map<String, Object> values;

  private Settings(String path, Map<String, Object> values) {
    this.path = path;
    this.values = values;
  }

  /**
   * Settings with no keys at all.
   *
   * @return the shared empty settings, with an empty path
   */
  public static Settings empty() {
    return EMPTY;
  }

  /**
   * Settings over the given values, as read from YAML (strings, numbers, booleans, lists, maps).
   *
   * @param path where the block sits in the config file, used in error messages, such as {@code
   *     healthcheck.worker[0].params}; may be empty
   * @param values the raw values; copied
   * @return the settings
   */
  public static Settings of(String path, Map<String, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return new Settings(path == null ? "" : path, java.util.Collections.unmodifiableMap(copy));
  }

  /**
   * Settings over the given values, with no path.
   *
   * @param values the raw values as read from YAML; copied
   * @return the settings, whose error messages name the bare keys
   */
  public static Settings of(Map<String, ?> values) {
    return of("", values);
  }

  /**
   * Where this block sits in the config file; empty when not known.
   *
   * @return the path such as {@code healthcheck.worker[0].params}, or the empty string
   */
  public String path() {
    return path;
  }

  /**
   * The full path of a key of this block, for error messages.
   *
   * @param key a key of this block
   * @return {@code path.key}, or {@code key} when the path is empty
   */
  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * The keys present, in file order.
   *
   * @return the keys, unmodifiable, possibly empty
   */
  public Set<String> keys() {
    return values.keySet();
  }

  /**
   * Whether the key is present (even with a {@code null} value).
   *
   * @param key a key of this block, without the path
   * @return {@code true} if the block has the key
   */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  /**
   * The raw value as read from YAML, if present and not {@code null}.
   *
   * @param key a key of this block, without the path
   * @return the value (a string, number, boolean, {@code List} or {@code Map}), or empty if the key
   *     is absent or {@code null}
   */
  public Optional<Object> raw(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * A copy of these settings without the given keys, for an engine that consumes some itself.
   *
   * @param keys the keys to drop; keys this block does not have are ignored
   * @return new settings with the same path and the other keys
   */
  public Settings without(Collection<String> keys) {
    Map<String, Object> copy = new LinkedHashMap<>(values);
    keys.forEach(copy::remove);
    return new Settings(path, java.util.Collections.unmodifiableMap(copy));
  }

  /**
   * Fails if a key is present that is not in {@code known}; every unknown key is reported, each
   * with the nearest known key.
   *
   * @param known the keys this block accepts
   * @throws ConfigException naming each unknown key
   */
  public void requireOnlyKeys(Collection<String> known) {
    ConfigProblems problems = new ConfigProblems();
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        problems.add(ConfigProblem.unknownKey(pathOf(key), known));
      }
    }
    problems.throwIfAny();
  }

  /**
   * A string value.
   *
   * @param key a key of this block, without the path
   * @return the value as a string (numbers and booleans converted), or empty if absent or
   *     {@code null}
   * @throws ConfigException if the value is a list or a map
   */
  public Optional<String> string(String key) {
    Object v = values.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Collection || v instanceof Map) {
      throw problem(key, v, "a single value, not a list or a map");
    }
    return Optional.of(String.valueOf(v));
  }

  /**
   * A string value, or {@code defaultValue} when absent.
   *
   * @param key a key of this block, without the path
   * @param defaultValue returned when the key is absent or {@code null}; may be {@code null}
   * @return the value as a string, or {@code defaultValue}
   */
  public String string(String key, String defaultValue) {
    return string(key).orElse(defaultValue);
  }

  /**
   * A string value that must be present and not blank.
   *
   * @param key a key of this block, without the path
   * @return the value, never blank
   * @throws ConfigException if it is missing or blank
   */
  public String requiredString(String key) {
    Optional<String> value = string(key);
    if (value.isEmpty() || value.get().isBlank()) {
      throw problem(key, value.orElse(null), "a value is required");
    }
    return value.get();
  }

  /**
   * A boolean value: {@code true} or {@code false} (YAML booleans, or those words as strings).
   *
   * @param key a key of this block, without the path
   * @param defaultValue returned when the key is absent or {@code null}
   * @return the value
   * @throws ConfigException for anything else
   */
  public boolean bool(String key, boolean defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(v).strip();
    if (s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("false")) {
      return false;
    }
    throw problem(key, v, "true or false");
  }

  /**
   * A whole number within {@code [min, max]}.
   *
   * @param key a key of this block, without the path
   * @param defaultValue returned when the key is absent or {@code null}; not checked against the
   *     range
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return the value, within {@code [min, max]} unless it is the default
   * @throws ConfigException if not a whole number or out of range
   */
  public int integer(String key, int defaultValue, int min, int max) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    Integer parsed = parseInt(v);
    if (parsed == null || parsed < min || parsed > max) {
      throw problem(key, v, "a whole number from " + min + " to " + max);
    }
    return parsed;
  }

  /**
   * A duration written as Go writes them: {@code 300s}, {@code 5m}, {@code 1h30m}, {@code 500ms}.
   * A number without a unit is refused with a suggestion ({@code 300} → {@code 300s}).
   *
   * @param key a key of this block, without the path
   * @param defaultValue returned when the key is absent or {@code null}; may be {@code null}
   * @return the duration, never negative; or {@code defaultValue}
   * @throws ConfigException if not such a duration
   */
  public Duration duration(String key, Duration defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    Duration parsed = v instanceof Collection || v instanceof Map ? null : GoDurations.parse(String.valueOf(v));
    if (parsed == null) {
      String text = String.valueOf(v);
      throw problem(key, v, GoDurations.isNegative(text) ? GoDurations.NOT_NEGATIVE
          : GoDurations.ALLOWED + GoDurations.suggestion(text));
    }
    return parsed;
  }

  /**
   * A list of strings; a single string is read as a list of one.
   *
   * @param key a key of this block, without the path
   * @param defaultValue returned when the key is absent or {@code null}; may be {@code null}
   * @return the strings, unmodifiable; or {@code defaultValue}
   * @throws ConfigException if an element is a list or a map, or the value is a lone number or boolean
   */
  public List<String> stringList(String key, List<String> defaultValue) {
    Object v = values.get(key);
    // A lone number or boolean is a slip (Go refuses it for a list too), not a name: types: 42.
    if (v != null && !(v instanceof Collection) && !(v instanceof String)) {
      throw problem(key, v, STRINGS);
    }
    return list(key, defaultValue, e -> e instanceof Collection || e instanceof Map ? null : String.valueOf(e),
        STRINGS);
  }

  /**
   * A list of whole numbers; a single value is read as a list of one.
   *
   * @param key a key of this block, without the path
   * @param defaultValue returned when the key is absent or {@code null}; may be {@code null}
   * @return the numbers, unmodifiable; or {@code defaultValue}
   * @throws ConfigException if an element is not a whole number
   */
  public List<Integer> integerList(String key, List<Integer> defaultValue) {
    return list(key, defaultValue, Settings::parseInt, "a list of whole numbers, such as [200, 204]");
  }

  /**
   * A nested block as settings of its own, with the path extended.
   *
   * @param key a key of this block, without the path; its path becomes {@code path.key}
   * @return the nested settings; {@link #empty()}-like (but with the path) when absent
   * @throws ConfigException if the value is not a map
   */
  public Settings nested(String key) {
    Object v = values.get(key);
    if (v == null) {
      return new Settings(pathOf(key), Map.of());
    }
    if (!(v instanceof Map<?, ?> map)) {
      throw problem(key, v, "a block of keys (a YAML map)");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, val) -> copy.put(String.valueOf(k), val));
    return new Settings(pathOf(key), java.util.Collections.unmodifiableMap(copy));
  }

  /**
   * A problem with a key of this block, for factories that validate values themselves.
   *
   * @param key the key of this block
   * @param value the offending value (dropped if the key looks secret)
   * @param allowed what is allowed
   * @return an exception to throw
   */
  public ConfigException problem(String key, Object value, String allowed) {
    return new ConfigException(ConfigProblem.of(pathOf(key), printable(value), allowed));
  }

  /** Lists and maps may hold secrets at any depth: they are described, never printed. */
  private static Object printable(Object value) {
    if (value instanceof Map<?, ?> m) {
      return "a map of " + m.size() + " keys";
    }
    if (value instanceof Collection<?> c) {
      return "a list of " + c.size() + " values";
    }
    return value;
  }

  private <T> List<T> list(String key, List<T> defaultValue, Function<Object, T> element, String allowed) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    Collection<?> raw = v instanceof Collection<?> c ? c : List.of(v);
    List<T> result = new ArrayList<>(raw.size());
    for (Object e : raw) {
      T parsed = e == null ? null : element.apply(e);
      if (parsed == null) {
        throw problem(key, v, allowed);
      }
      result.add(parsed);
    }
    return List.copyOf(result);
  }

  private static Integer parseInt(Object v) {
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      return l.intValue();
    }
    try {
      return Integer.valueOf(String.valueOf(v).strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The path and the keys with their values, secret values shown as {@code <redacted>}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Settings[").append(path).append("]{");
    String sep = "";
    for (Map.Entry<String, Object> e : values.entrySet()) {
      sb.append(sep).append(e.getKey()).append('=')
          .append(ConfigProblem.isSecretKey(e.getKey()) ? "<redacted>" : printable(e.getValue()));
      sep = ", ";
    }
    return sb.append('}').toString();
  }
}
