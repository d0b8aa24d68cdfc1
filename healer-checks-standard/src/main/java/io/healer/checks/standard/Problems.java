package io.healer.checks.standard;

import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gathers the problems of one config block, so that a factory reports all of them in one {@link
 * ConfigException} instead of stopping at the first.
 */
final class Problems {

  private final List<ConfigProblem> found = new ArrayList<>();

  /** Runs a validation, keeping its problems. */
  void check(Runnable validation) {
    try {
      validation.run();
    } catch (ConfigException e) {
      found.addAll(e.problems());
    }
  }

  /** Reads a value, keeping its problems and answering {@code fallback} when it cannot be read. */
  <T> T read(Supplier<T> reader, T fallback) {
    try {
      return reader.get();
    } catch (ConfigException e) {
      found.addAll(e.problems());
      return fallback;
    }
  }

  /** Keeps the problems of an exception built by the caller, such as {@code settings.problem(...)}. */
  void add(ConfigException e) {
    found.addAll(e.problems());
  }

  /** What went wrong reading a file, in a few words: {@code no such file}, {@code permission denied}. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** Throws one exception with every problem found, if any. */
  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new ConfigException(found);
    }
  }
}
