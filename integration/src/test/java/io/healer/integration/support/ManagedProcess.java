package io.healer.integration.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server or daemon the suite started, with its output in a log file. Every one is also stopped by
 * a JVM shutdown hook, so that a suite that dies half way (a failed assertion, Ctrl-C, a killed
 * Surefire fork) leaves nothing running on the machine.
 */
public final class ManagedProcess implements AutoCloseable {

  private static final Set<ManagedProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> p.process.destroyForcibly()),
        "healer-integration-cleanup"));
  }

  private final String name;
  private final Path log;
  private final Process process;
  private final List<String> command;

  private ManagedProcess(String name, Path log, Process process, List<String> command) {
    this.name = name;
    this.log = log;
    this.process = process;
    this.command = List.copyOf(command);
  }

  /**
   * Starts a command with its standard output and error appended to {@code log}.
   *
   * @param name a short name for messages ("kube-apiserver")
   * @param command the program and its arguments
   * @param environment variables added to this JVM's environment
   * @param log the log file
   */
  public static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(environment);
      ManagedProcess started = new ManagedProcess(name, log, builder.start(), command);
      RUNNING.add(started);
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
    }
  }

  /** The short name given at start. */
  public String name() {
    return name;
  }

  /** The program and arguments it was started with. */
  public List<String> commandLine() {
    return command;
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether it still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Its exit code, once it has ended. */
  public int exitCode() {
    return process.exitValue();
  }

  /** Where its output goes. */
  public Path log() {
    return log;
  }

  /** Everything it printed so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines it printed, for a failure message. */
  public String tail(int lines) {
    List<String> all = output().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /**
   * Waits until {@code ready} holds (the server answers), failing at once with the exit code and the
   * last lines of its log when the process ends first.
   */
  public void awaitReady(Duration timeout, BooleanSupplier ready) {
    Wait.until(name + " is ready (log " + log + ")", timeout, () -> {
      assertAlive();
      return ready.getAsBoolean();
    });
  }

  /**
   * Fails at once (an {@link AssertionError}, which {@link Wait} does not retry) when the process has
   * ended, with its exit code and the last lines of its log.
   */
  public void assertAlive() {
    if (!process.isAlive()) {
      throw new AssertionError(name + " exited " + process.exitValue() + ":\n" + tail(40));
    }
  }

  /** Sends SIGTERM and waits up to {@code seconds} for the exit; returns whether it ended. */
  public boolean terminate(long seconds) {
    process.destroy();
    return waitFor(seconds);
  }

  /** SIGKILL, as a crash or an OOM kill would end it; waits for the exit. */
  public void kill() {
    process.destroyForcibly();
    waitFor(30);
    RUNNING.remove(this);
  }

  /** Waits up to {@code seconds} for the process to end by itself. */
  public boolean waitFor(long seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGTERM, then SIGKILL after 15 s (some servers log "stopped" and linger). */
  @Override
  public void close() {
    if (!terminate(15)) {
      process.destroyForcibly();
      waitFor(15);
    }
    RUNNING.remove(this);
  }

  @Override
  public String toString() {
    return name + "[pid " + process.pid() + (process.isAlive() ? "" : ", exited") + "]";
  }
}
