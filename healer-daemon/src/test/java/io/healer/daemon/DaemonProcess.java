package io.healer.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * healer's {@link Main} as a process of its own, on this module's class path: what a person
 * running {@code java -jar healer.jar ...} sees, with its exit code, its output (standard output
 * and error in one file, in order) and how long it took. {@link #close()} kills what is still
 * running.
 */
final class DaemonProcess implements AutoCloseable {

  private final Process process;
  private final Path output;
  private final long startedNanos = System.nanoTime();
  private long exitedNanos;

  private DaemonProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code java io.healer.daemon.Main ARGS} with its output in {@code dir}. */
  static DaemonProcess start(Path dir, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    Path output = dir.resolve("healer-" + System.nanoTime() + ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      return new DaemonProcess(process, output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs to its end, at most {@code limit}; fails when it runs longer. */
  static DaemonProcess run(Path dir, Duration limit, String... args) {
    DaemonProcess p = start(dir, args);
    p.awaitExit(limit);
    return p;
  }

  /** Waits for the exit, at most {@code limit}. */
  int awaitExit(Duration limit) {
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("still running after " + limit + ":\n" + output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    exitedNanos = System.nanoTime();
    return process.exitValue();
  }

  /** Waits until a line of the output matches, at most {@code limit}; the seconds it took since the start. */
  double awaitLine(Predicate<String> wanted, Duration limit, String what) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (output().lines().noneMatch(wanted)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("no line " + what + " within " + limit + ":\n" + output());
      }
      if (!process.isAlive()) {
        throw new AssertionError("exited " + process.exitValue() + " before a line " + what + ":\n" + output());
      }
      try {
        // A condition poll with a deadline, not a fixed wait: the process writes when it writes.
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** SIGTERM, as Kubernetes stops a pod. */
  void terminate() {
    process.destroy();
  }

  int exitCode() {
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Seconds from the start to the exit. */
  double seconds() {
    return (exitedNanos - startedNanos) / 1e9;
  }

  /** Everything it wrote so far. */
  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
