package io.healer.integration.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs short commands to their end and hands back what they printed. */
public final class Commands {

  private Commands() {}

  /** What a finished command printed and how it ended. */
  public record Result(int exitCode, String output) {
    /** Whether it exited 0. */
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs a command in {@code dir}; fails unless it exits 0. */
  public static String run(Path dir, List<String> command) {
    Result result = exec(dir, command, Map.of(), 120);
    if (!result.ok()) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + result.exitCode() + ":\n"
          + result.output());
    }
    return result.output();
  }

  /**
   * Runs a command with its output and errors together, waiting up to {@code timeoutSeconds}.
   *
   * @param environment variables added to this JVM's environment
   */
  public static Result exec(Path dir, List<String> command, Map<String, String> environment, long timeoutSeconds) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(environment);
      Process process = builder.start();
      // Read while it runs: a full pipe would block the command.
      var output = new java.io.ByteArrayOutputStream();
      Thread reader = new Thread(() -> {
        try {
          process.getInputStream().transferTo(output);
        } catch (IOException ignored) {
          // the process ended; what was read is kept
        }
      });
      reader.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
      }
      reader.join(5000);
      return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }
}
