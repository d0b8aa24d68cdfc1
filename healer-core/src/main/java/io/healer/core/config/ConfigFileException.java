package io.healer.core.config;

import io.healer.api.API;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A {@link ConfigException} for a config file: every problem found in it, with the file's name in
 * the message so an operator knows which file to fix. Catch {@link ConfigException} to handle it
 * together with the problems plugins report.
 *
 * <p>Besides key paths such as {@code healthcheck.worker[0].type}, a problem's {@link
 * ConfigProblem#key() key} may name a place that is not a key: {@code (file)} when the file cannot
 * be read, {@code line 3, column 7} for a YAML syntax error, {@code (document)} when the document is
 * not a map of keys. Secret values never appear (see {@link ConfigProblem}).
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class ConfigFileException extends ConfigException {

  /** The file's name or another description of where the YAML came from. */
  private final String sourceName;

  /**
   * @param sourceName the file's name or another description of where the YAML came from
   * @param problems the problems found, at least one
   */
  public ConfigFileException(String sourceName, List<ConfigProblem> problems) {
    super(problems);
    this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
  }

  /**
   * Where the YAML came from, as given to {@link ConfigLoader#parse(String, String)}.
   *
   * @return the source's name, never {@code null}
   */
  public String sourceName() {
    return sourceName;
  }

  @Override
  public String getMessage() {
    List<ConfigProblem> problems = problems();
    if (problems.size() == 1) {
      return "invalid configuration in " + sourceName + ": " + problems.get(0);
    }
    return problems.stream()
        .map(p -> "  - " + p)
        .collect(Collectors.joining("\n",
            "invalid configuration in " + sourceName + " (" + problems.size() + " problems):\n", ""));
  }
}
