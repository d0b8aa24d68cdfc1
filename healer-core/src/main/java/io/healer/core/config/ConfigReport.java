package io.healer.core.config;

import io.healer.api.API;
import io.healer.api.config.ConfigProblem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ConfigLoader#check(java.nio.file.Path)} found in a config: every problem, and a
 * best-effort {@link HealerConfig} built from every part that is valid, for tools that go on
 * validating what the file alone cannot tell (such as a check's params, which its plugin judges).
 *
 * <pre>{@code
 * ConfigReport report = ConfigLoader.check(Path.of("config.yaml"));
 * List<ConfigProblem> problems = new ArrayList<>(report.problems());
 * report.bestEffort().ifPresent(config -> {
 *   try {
 *     registry.createChecks(config);      // each factory validates its check's params
 *   } catch (ConfigException e) {
 *     problems.addAll(e.problems());
 *   }
 * });
 * }</pre>
 *
 * <p>The best-effort config is a stand-in, not a config to run: a value that is invalid keeps its
 * default, a check entry that is itself malformed (not a block, without a usable type, with an
 * unknown key, with params that are not a block) is left out while the other entries stay, and a
 * missing or invalid {@code cluster-name} is {@value #PLACEHOLDER_CLUSTER_NAME}. It is absent when
 * nothing could be read: a file that cannot be read or is too large, a YAML syntax error, a
 * document that is not a map of keys. When there are no problems it is the config {@link
 * ConfigLoader#load} returns.
 *
 * <p>Immutable and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ConfigReport {

  /**
   * The {@code cluster-name} of a best-effort config whose file has none that is valid. A report
   * holding it always has a problem naming {@code cluster-name}, so it never passes as valid.
   */
  public static final String PLACEHOLDER_CLUSTER_NAME = "(no valid cluster-name)";

  private final String sourceName;
  private final List<ConfigProblem> problems;
  private final HealerConfig bestEffort;

  private ConfigReport(String sourceName, List<ConfigProblem> problems, HealerConfig bestEffort) {
    this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    this.problems = List.copyOf(problems);
    this.bestEffort = bestEffort;
  }

  /** A config that was read, with the problems found in it (possibly none). */
  static ConfigReport read(String sourceName, List<ConfigProblem> problems, HealerConfig bestEffort) {
    return new ConfigReport(sourceName, problems, Objects.requireNonNull(bestEffort, "bestEffort"));
  }

  /** A config of which nothing could be read. */
  static ConfigReport unreadable(String sourceName, ConfigProblem problem) {
    return new ConfigReport(sourceName, List.of(problem), null);
  }

  /**
   * Where the YAML came from: the file's name, or the name given to {@link ConfigLoader#check(String, String)}.
   *
   * @return the source's name, never {@code null}
   */
  public String sourceName() {
    return sourceName;
  }

  /**
   * Every problem found, in file order (a missing {@code cluster-name} last), each as {@link
   * ConfigFileException} would list it; secret values never appear.
   *
   * @return the problems, unmodifiable, empty when the config is valid
   */
  public List<ConfigProblem> problems() {
    return problems;
  }

  /**
   * Whether there are no problems, so {@link #config()} returns the config.
   *
   * @return {@code true} if {@link #problems()} is empty
   */
  public boolean isValid() {
    return problems.isEmpty();
  }

  /**
   * The config built from every part that is valid (see the class description); when there are no
   * problems, the config {@link #config()} returns.
   *
   * @return the config, or empty when nothing could be read
   */
  public Optional<HealerConfig> bestEffort() {
    return Optional.ofNullable(bestEffort);
  }

  /**
   * The config, when it is valid.
   *
   * @return the config, never {@code null}
   * @throws ConfigFileException naming {@link #sourceName()} and every problem, when there are any
   */
  public HealerConfig config() {
    if (!problems.isEmpty()) {
      throw new ConfigFileException(sourceName, problems);
    }
    return bestEffort;
  }

  @Override
  public String toString() {
    return "ConfigReport[" + sourceName + ", " + problems.size() + " problems"
        + (bestEffort == null ? ", nothing readable" : "") + "]";
  }
}
