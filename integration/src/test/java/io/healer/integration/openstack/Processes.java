package io.healer.integration.openstack;

import io.healer.integration.support.ManagedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stopping what a service started besides itself. {@link ManagedProcess} ends the process it
 * started; rabbitmq-server is a shell script whose Erlang VM is its child, so that child is
 * remembered once the service is up and ended by its pid — at {@link #stop} and, if the JVM dies
 * first, by a shutdown hook.
 */
final class Processes {

  private static final Set<ProcessHandle> CHILDREN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> CHILDREN.forEach(ProcessHandle::destroyForcibly),
        "healer-openstack-cleanup"));
  }

  private Processes() {}

  /** Remembers the processes the service started so far, to end them with it. */
  static void adoptChildren(ManagedProcess process) {
    ProcessHandle.of(process.pid()).ifPresent(p -> p.descendants().forEach(CHILDREN::add));
  }

  /** Ends the process (SIGTERM, then SIGKILL) and every process it started that is still alive. */
  static void stop(ManagedProcess process) {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = ProcessHandle.of(process.pid()).map(p -> p.descendants().toList())
        .orElse(List.of());
    children.forEach(CHILDREN::add);
    process.close();
    for (ProcessHandle child : children) {
      child.destroy();
    }
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        child.destroyForcibly();
      }
      CHILDREN.remove(child);
    }
  }

  /**
   * Fails at once (an {@link AssertionError}, which {@code Wait} does not retry) when the process
   * has ended, with the end of its log.
   */
  static void assertAlive(ManagedProcess process, Path log) {
    if (!process.isAlive()) {
      throw new AssertionError(process.name() + " exited " + process.exitCode() + ":\n" + tail(log, 40));
    }
  }

  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }
}
