package io.healer.api.config;

import io.healer.api.API;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gathers the problems of one config block, so that a factory (or healer itself) reports all of
 * them in one {@link ConfigException} instead of stopping at the first:
 *
 * <pre>{@code
 * ConfigProblems problems = new ConfigProblems();
 * problems.check(() -> settings.requireOnlyKeys(KEYS));
 * Duration timeout = problems.read(() -> settings.duration("timeout", Duration.ofSeconds(5)), null);
 * if (timeout != null && timeout.isZero()) {
 *   problems.add(settings.problem("timeout", "0s", "a duration above zero"));
 * }
 * problems.throwIfAny();
 * }</pre>
 *
 * <p>Not thread-safe: one instance serves one reading of one block.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ConfigProblems {

  private final List<ConfigProblem> found = new ArrayList<>();

  /** An empty collection. */
  public ConfigProblems() {}

  /**
   * Runs a validation, keeping the problems of the {@link ConfigException} it throws.
   *
   * @param validation such as {@code () -> settings.requireOnlyKeys(KEYS)}
   */
  public void check(Runnable validation) {
    read(() -> {
      validation.run();
      return null;
    }, null);
  }

  /**
   * Reads a value, keeping the problems of the {@link ConfigException} it throws.
   *
   * @param reader such as {@code () -> settings.duration("timeout", null)}
   * @param fallback what to answer when the value cannot be read, may be {@code null}
   * @param <T> the type of the value
   * @return the value read, or {@code fallback}
   */
  public <T> T read(Supplier<T> reader, T fallback) {
    try {
      return reader.get();
    } catch (ConfigException e) {
      found.addAll(e.problems());
      return fallback;
    }
  }

  /**
   * Keeps one problem.
   *
   * @param problem the problem, not {@code null}
   */
  public void add(ConfigProblem problem) {
    found.add(problem);
  }

  /**
   * Keeps the problems of an exception built by the caller, such as {@code settings.problem(...)}.
   *
   * @param e the exception whose problems to keep, not {@code null}; not thrown
   */
  public void add(ConfigException e) {
    found.addAll(e.problems());
  }

  /**
   * Keeps every problem of a list, in its order.
   *
   * @param problems the problems, not {@code null}
   */
  public void addAll(List<ConfigProblem> problems) {
    found.addAll(problems);
  }

  /**
   * Whether no problem was found.
   *
   * @return {@code true} if nothing was added
   */
  public boolean isEmpty() {
    return found.isEmpty();
  }

  /**
   * The problems found so far, in the order they were found.
   *
   * @return an unmodifiable copy
   */
  public List<ConfigProblem> list() {
    return List.copyOf(found);
  }

  /**
   * Throws one exception with every problem found, if any.
   *
   * @throws ConfigException when a problem was found
   */
  public void throwIfAny() {
    if (!found.isEmpty()) {
      throw new ConfigException(found);
    }
  }

  @Override
  public String toString() {
    return "ConfigProblems[" + found.size() + "]";
  }
}
