package io.healer.api.config;

import io.healer.api.API;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one exception for a configuration healer or a plugin cannot accept. It carries every problem
 * found, so that an operator fixes them all in one go; its message lists them one a line. Secret
 * values never appear in it (see {@link ConfigProblem}).
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public class ConfigException extends RuntimeException {

  /** The problems found, at least one; unmodifiable. */
  private final List<ConfigProblem> problems;

  /**
   * @param problems the problems found, at least one
   */
  public ConfigException(List<ConfigProblem> problems) {
    super(message(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /**
   * @param problem the one problem found
   */
  public ConfigException(ConfigProblem problem) {
    this(List.of(problem));
  }

  /**
   * The problems, in the order they were found.
   *
   * @return the problems, unmodifiable, never empty
   */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String message(List<ConfigProblem> problems) {
    if (problems.size() == 1) {
      return "invalid configuration: " + problems.get(0);
    }
    return problems.stream()
        .map(p -> "  - " + p)
        .collect(Collectors.joining("\n", "invalid configuration (" + problems.size() + " problems):\n", ""));
  }
}
