package io.healer.core.config;

import io.healer.api.API;
import io.healer.api.config.ConfigProblem;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads the Go magnum-auto-healer's {@code config.yaml} into a {@link HealerConfig}.
 *
 * <p>The Go healer's keys are accepted as they are, with its defaults, beside healer's own keys, all
 * optional: {@link ConfigKeys} declares each of them once. The provider's block, the top-level key
 * named like {@code cloud-provider} ({@code openstack} by default; the {@code openstack} key is
 * always accepted), is kept opaque as {@link HealerConfig#cloudSettings()}.
 *
 * <pre>{@code
 * HealerConfig config = ConfigLoader.load(Path.of("/etc/magnum-auto-healer/config.yaml"));
 * }</pre>
 *
 * <p>Every problem is reported at once in one {@link ConfigFileException}: unknown keys (with the
 * nearest known key), values of the wrong kind, a missing {@code cluster-name} or check type, YAML
 * syntax errors (with line and column). Durations are written as Go writes them ({@code 300s},
 * {@code 5m}, {@code 1h30m}); a bare number is refused, where the Go healer silently reads it as
 * nanoseconds. Whether a check type exists is not checked here, since it depends on the plugins
 * installed: see {@code PluginRegistry#createChecks}.
 *
 * <p>{@link #check(Path)} reads the same way but returns the problems in a {@link ConfigReport}
 * instead of throwing, together with a best-effort config built from every part that is valid, so
 * that a tool such as {@code healer validate} can go on to the checks' params and the provider's
 * block and report every problem in one run.
 *
 * <p>The YAML is read safely: plain maps, lists and scalars only (no Java types), at most {@value
 * #MAX_SIZE} characters, a bounded number of aliases, no duplicate keys, no anchor used inside its
 * own value. Scalars follow YAML 1.2 rules as Go's YAML reader does: {@code no} and {@code 0123}
 * stay strings. Nested lists and maps are unmodifiable, so the result is immutable.
 *
 * <p>Stateless and thread-safe.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class ConfigLoader {

  /** The largest config accepted, in characters (and, for a file, in bytes): far above any real one. */
  public static final int MAX_SIZE = 1024 * 1024;

  // Bounds the work an alias bomb ("billion laughs") can cause.
  private static final int MAX_ALIASES = 50;
  private static final int MAX_NESTING = 50;

  private ConfigLoader() {}

  /**
   * Reads a config file (UTF-8).
   *
   * @param file the file, not {@code null}
   * @return the configuration, never {@code null}
   * @throws ConfigFileException naming the file and every problem found, including a file that
   *     cannot be read or is larger than {@value #MAX_SIZE} bytes
   */
  public static HealerConfig load(Path file) {
    return check(file).config();
  }

  /**
   * Reads config.yaml text.
   *
   * @param yaml the YAML text, not {@code null}
   * @param sourceName where the text came from, such as a file name; it appears in messages
   * @return the configuration, never {@code null}
   * @throws ConfigFileException naming {@code sourceName} and every problem found
   */
  public static HealerConfig parse(String yaml, String sourceName) {
    return check(yaml, sourceName).config();
  }

  /**
   * Reads a config file (UTF-8) without throwing for what is wrong in it: the report holds the
   * problems {@link #load} would throw and a best-effort config for tools that go on validating.
   *
   * @param file the file, not {@code null}
   * @return the report, never {@code null}; without a config when the file cannot be read or is
   *     larger than {@value #MAX_SIZE} bytes, or its YAML cannot be read
   */
  public static ConfigReport check(Path file) {
    String sourceName = file.toString();
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_SIZE) {
        return fileProblem(sourceName, "a file of at most " + MAX_SIZE + " bytes (it has " + size + ")");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      return fileProblem(sourceName, "a UTF-8 text file");
    } catch (IOException e) {
      return fileProblem(sourceName, "a readable file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
    return check(text, sourceName);
  }

  /**
   * Reads config.yaml text without throwing for what is wrong in it, as {@link #check(Path)} does.
   *
   * @param yaml the YAML text, not {@code null}
   * @param sourceName where the text came from, such as a file name; it appears in messages
   * @return the report, never {@code null}; without a config when the YAML cannot be read
   */
  public static ConfigReport check(String yaml, String sourceName) {
    Objects.requireNonNull(sourceName, "sourceName");
    if (yaml.length() > MAX_SIZE) {
      return ConfigReport.unreadable(sourceName, ConfigProblem.of("(document)", null,
          "a document of at most " + MAX_SIZE + " characters (it has " + yaml.length() + ")"));
    }
    Object document;
    try {
      document = FrozenYaml.freeze(newYaml().load(yaml));
    } catch (FrozenYaml.SelfContainingValueException e) {
      return ConfigReport.unreadable(sourceName, ConfigProblem.of("(document)", null,
          "YAML whose anchors are not used inside their own value"));
    } catch (MarkedYAMLException e) {
      return ConfigReport.unreadable(sourceName, syntaxProblem(e));
    } catch (YAMLException | IllegalArgumentException e) {
      return ConfigReport.unreadable(sourceName, ConfigProblem.of("(document)", null, limitOrKind(e)));
    }
    if (document == null) {
      document = Map.of();
    }
    if (!(document instanceof Map<?, ?> map)) {
      return ConfigReport.unreadable(sourceName, ConfigProblem.of("(document)", null,
          "a map of keys such as cluster-name (found " + (document instanceof List ? "a list" : "a single value") + ")"));
    }
    return ConfigReader.read(map, sourceName);
  }

  /**
   * What to say about an unmarked YAML error. Their messages may quote a value (an explicitly tagged
   * {@code !!timestamp <password>}, say), so only the messages of the safety limits, which quote
   * nothing, are shown; for anything else, the kind of error.
   */
  private static String limitOrKind(RuntimeException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.startsWith("Number of aliases") || message.startsWith("Nesting Depth")) {
      return "YAML within the safety limits; " + message;
    }
    return "YAML whose values can all be read (" + e.getClass().getSimpleName() + ")";
  }

  /**
   * A problem for a syntax error. Only the error's short description is used: the full message of
   * a {@link MarkedYAMLException} quotes the offending line, which may hold a password.
   */
  private static ConfigProblem syntaxProblem(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String where = mark == null ? "(document)" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    String what = e.getProblem() != null ? e.getProblem() : "invalid YAML";
    String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
    return ConfigProblem.of(where, null, "valid YAML; " + what + context);
  }

  private static ConfigReport fileProblem(String sourceName, String allowed) {
    return ConfigReport.unreadable(sourceName, ConfigProblem.of("(file)", null, allowed));
  }

  /** A new reader each time: SnakeYAML's {@link Yaml} is not thread-safe. */
  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_SIZE);
    DumperOptions dumperOptions = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dumperOptions), dumperOptions, options,
        new CoreSchemaResolver());
  }
}
