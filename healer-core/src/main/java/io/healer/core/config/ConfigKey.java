package io.healer.core.config;

import io.healer.api.API;
import io.healer.api.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One key of config.yaml as {@link ConfigKeys} declares it: its name, the kind of value it takes,
 * its default, what is allowed and what it means. Reading ({@link ConfigLoader}), the builder's
 * checks ({@link HealerConfig.Builder}), {@code healer validate}'s summary and the README's tables
 * all come from these declarations, so a key cannot be documented one way and read another.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the type of the key's value in {@link HealerConfig}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ConfigKey<T> {

  /** Where a key comes from. */
  public enum Origin {
    /** The Go magnum-auto-healer's own key, accepted as it is and with its default. */
    GO,
    /** One of healer's own keys, all optional. */
    HEALER
  }

  private final String name;
  private final Origin origin;
  private final Kind<T> kind;
  private final T defaultValue;
  private final String defaultNote;
  private final String help;
  private final Function<HealerConfig, String> describer;

  private ConfigKey(String name, Origin origin, Kind<T> kind, T defaultValue, String defaultNote, String help,
      Function<HealerConfig, String> describer) {
    this.name = name;
    this.origin = origin;
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.defaultNote = defaultNote;
    this.help = help;
    this.describer = describer;
  }

  /** Starts the declaration of a key; see {@link ConfigKeys}. */
  static <T> Declaration<T> key(String name, Origin origin, Kind<T> kind) {
    return new Declaration<>(name, origin, kind);
  }

  /**
   * The key as written in config.yaml; a nested key with its block: {@code kubernetes.api-host}.
   *
   * @return the full name, never blank
   */
  public String name() {
    return name;
  }

  /**
   * The key's last part, as it stands in its block: {@code api-host}.
   *
   * @return the name without its block, the whole name for a top-level key
   */
  public String simpleName() {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /**
   * The block that holds the key ({@code kubernetes}), or empty for a top-level key.
   *
   * @return the block's name, or empty
   */
  public Optional<String> block() {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? Optional.empty() : Optional.of(name.substring(0, dot));
  }

  /**
   * Whether the key is the Go healer's or healer's own.
   *
   * @return the origin, never {@code null}
   */
  public Origin origin() {
    return origin;
  }

  /**
   * The kind of value in a few words, such as {@code duration above zero}.
   *
   * @return the summary, as in the README's table
   */
  public String valueKind() {
    return kind.summary;
  }

  /**
   * What a problem with the key's value says is allowed.
   *
   * @return the allowed values in a few words, such as {@code "a whole number from 1 to 10000"}
   */
  public String allowed() {
    return kind.allowed;
  }

  /**
   * The default, or empty when the key has none (it is required, or unset means "not set").
   *
   * @return the default, or empty
   */
  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /**
   * The default as config.yaml writes it, such as {@code 5m}; empty when the key has none.
   *
   * @return the formatted default, or empty
   */
  public Optional<String> defaultValueText() {
    return defaultValue().map(kind::format);
  }

  /**
   * What the default means where the value alone does not say it ({@code no ceiling} for {@code 0}),
   * or, for a key without a default, what leaving it out does ({@code required}).
   *
   * @return the note, or empty when the value says enough
   */
  public Optional<String> defaultNote() {
    return Optional.ofNullable(defaultNote);
  }

  /** The default value, or {@code null}: what the builder starts from. */
  T initial() {
    return defaultValue;
  }

  /**
   * What the key does, in a sentence or two.
   *
   * @return the help text, as in the README's table; Markdown
   */
  public String help() {
    return help;
  }

  /**
   * The key's value in {@code config}, as {@code healer validate} shows it.
   *
   * @param config the configuration to read the value from, not {@code null}
   * @return the value as text, or {@code "not set"} for an optional key without a value
   */
  public String describe(HealerConfig config) {
    if (describer != null) {
      return describer.apply(config);
    }
    T value = config.get(this);
    return value == null ? "not set" : kind.format(value);
  }

  /** Reads the key from its block, recording any problem in {@code reader}; {@code null} when absent or invalid. */
  T read(ConfigReader reader, Settings block) {
    return kind.reader.read(reader, block, simpleName());
  }

  /** Hands a read value to the builder; cluster-name, the builder's argument, is taken by the reader itself. */
  void assign(HealerConfig.Builder builder, T value) {
    if (this != ConfigKeys.CLUSTER_NAME) {
      builder.set(this, value);
    }
  }

  /**
   * The builder's check of a value set in code.
   *
   * @throws NullPointerException naming the key if the value is {@code null}
   * @throws IllegalArgumentException naming the key, the value and what is allowed if it is out of range
   */
  T require(T value) {
    Objects.requireNonNull(value, name);
    kind.check.accept(name, value);
    return value;
  }

  @Override
  public String toString() {
    return name;
  }

  /** The rest of a key's declaration, so that {@link ConfigKeys} reads as a table. */
  static final class Declaration<T> {
    private final String name;
    private final Origin origin;
    private final Kind<T> kind;
    private T defaultValue;
    private String defaultNote;
    private Function<HealerConfig, String> describer;

    private Declaration(String name, Origin origin, Kind<T> kind) {
      this.name = name;
      this.origin = origin;
      this.kind = kind;
    }

    Declaration<T> byDefault(T value) {
      this.defaultValue = value;
      return this;
    }

    /** What the default means, or (without a default) what leaving the key out does. */
    Declaration<T> byDefault(T value, String note) {
      this.defaultValue = value;
      this.defaultNote = note;
      return this;
    }

    /** How {@code healer validate} shows the value, where the default form would say too little. */
    Declaration<T> shown(Function<HealerConfig, String> describe) {
      this.describer = describe;
      return this;
    }

    ConfigKey<T> help(String help) {
      return new ConfigKey<>(name, origin, kind, defaultValue, defaultNote, help, describer);
    }
  }

  /** How a key is read. */
  @FunctionalInterface
  interface ValueReader<T> {
    T read(ConfigReader reader, Settings block, String key);
  }

  /** How a value set in code is checked: throws {@link IllegalArgumentException} naming the key. */
  @FunctionalInterface
  interface Check<T> {
    void accept(String key, T value);
  }

  /** A kind of value: how it is read, checked, written and described. */
  static final class Kind<T> {
    private final String summary;
    private final String allowed;
    private final ValueReader<T> reader;
    private final Check<T> check;
    private final Function<T, String> formatter;

    private Kind(String summary, String allowed, ValueReader<T> reader, Check<T> check, Function<T, String> formatter) {
      this.summary = summary;
      this.allowed = allowed;
      this.reader = reader;
      this.check = check;
      this.formatter = formatter;
    }

    String format(T value) {
      return formatter.apply(value);
    }

    static final String FLAG_ALLOWED = "true or false";
    static final String DURATION_ALLOWED = "a duration with a unit, such as 30s, 5m or 1h30m";
    static final String POSITIVE_DURATION_ALLOWED = "a duration longer than zero, such as 30s, 5m or 1h30m";
    static final String TEXT_ALLOWED = "a single non-empty value";

    static final Kind<Boolean> FLAG = new Kind<>("`true` or `false`", FLAG_ALLOWED,
        ConfigReader::flag, (k, v) -> { }, String::valueOf);

    static final Kind<Duration> DURATION = new Kind<>("duration (`30s`, `5m`, `1h30m`)", DURATION_ALLOWED,
        (r, b, k) -> r.duration(b, k, false), Kind::notNegative, GoDuration::format);

    static final Kind<Duration> POSITIVE_DURATION = new Kind<>("duration above zero", POSITIVE_DURATION_ALLOWED,
        (r, b, k) -> r.duration(b, k, true), Kind::positive, GoDuration::format);

    static final Kind<String> TEXT = new Kind<>("text", TEXT_ALLOWED,
        ConfigReader::name, Kind::notBlank, Function.identity());

    /** Text where an empty value means "not set", as in the Go healer. */
    static final Kind<String> OPTIONAL_TEXT = new Kind<>("text", "a single value",
        ConfigReader::optionalText, (k, v) -> { }, Function.identity());

    static final Kind<List<CheckConfig>> CHECKS = new Kind<>("list of `{type, params}`",
        "a list of checks, each with a type and optional params", ConfigReader::checks, (k, v) -> { },
        checks -> checks.stream().map(CheckConfig::type).collect(Collectors.joining(", ", "[", "]")));

    /** The provider's block, kept opaque: the provider's factory judges it. */
    static final Kind<Settings> PROVIDER_BLOCK = new Kind<>("block", "a block of keys (a YAML map)",
        (r, b, k) -> null, (k, v) -> { }, s -> s.keys().isEmpty() ? "{}" : "{...}");

    static Kind<Integer> count(int min, int max) {
      return new Kind<>("whole number, " + min + " to " + max, "a whole number from " + min + " to " + max,
          (r, b, k) -> r.count(b, k, min, max), (k, v) -> {
            if (v < min || v > max) {
              throw new IllegalArgumentException(k + " must be a whole number from " + min + " to " + max + ", was " + v);
            }
          }, String::valueOf);
    }

    /** A count or a percentage of some set of nodes; {@code allowed} says of which. */
    static Kind<UnhealthyLimit> limit(String allowed) {
      return new Kind<>("count (`2`) or percentage (`40%`)", allowed,
          (r, b, k) -> r.limit(b, k, allowed), (k, v) -> { }, UnhealthyLimit::toString);
    }

    private static void positive(String key, Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(key + " must be longer than zero, was " + d);
      }
    }

    private static void notNegative(String key, Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException(key + " must not be negative, was " + d);
      }
    }

    private static void notBlank(String key, String s) {
      if (s.isBlank()) {
        throw new IllegalArgumentException(key + " must not be blank");
      }
    }
  }
}
