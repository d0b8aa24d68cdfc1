package io.healer.daemon;

import io.healer.core.plugin.PluginRegistry;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the command line takes from the process: its streams and environment, how to reach the
 * cluster, and two hooks for tests (plugins added by hand, the running daemon handed over).
 * Production uses {@link #system()}; tests run every command in-process with their own.
 *
 * @param out where a command's output goes
 * @param err where problems and logs go
 * @param env the environment variables, such as {@code HEALER_PLUGINS}
 * @param connector how {@code run} and {@code check} reach the cluster
 * @param pluginSetup applied to every plugin registry before it is built
 * @param onDaemonStarted told about the daemon once {@code run} has started it
 * @param shutdownHook whether {@code run} stops the daemon from a JVM shutdown hook (SIGTERM)
 * @param cycleScheduler where {@code run} schedules its cycles; {@code null} from the supplier means
 *     the healer's own thread, every {@code monitor-interval} (tests hand in one they drive by hand)
 */
record CliEnvironment(
    PrintStream out,
    PrintStream err,
    Map<String, String> env,
    ClusterConnector connector,
    Consumer<PluginRegistry.Builder> pluginSetup,
    Consumer<Daemon> onDaemonStarted,
    boolean shutdownHook,
    Supplier<ScheduledExecutorService> cycleScheduler) {

  CliEnvironment {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(connector, "connector");
    Objects.requireNonNull(pluginSetup, "pluginSetup");
    Objects.requireNonNull(onDaemonStarted, "onDaemonStarted");
    Objects.requireNonNull(cycleScheduler, "cycleScheduler");
  }

  /** The real process: standard streams, its environment, the Kubernetes connector. */
  static CliEnvironment system() {
    return new CliEnvironment(System.out, System.err, System.getenv(), new KubernetesConnector(), b -> {},
        d -> {}, true, () -> null);
  }

  CliEnvironment withConnector(ClusterConnector connector) {
    return new CliEnvironment(out, err, env, connector, pluginSetup, onDaemonStarted, shutdownHook, cycleScheduler);
  }

  CliEnvironment withEnv(Map<String, String> env) {
    return new CliEnvironment(out, err, env, connector, pluginSetup, onDaemonStarted, shutdownHook, cycleScheduler);
  }

  CliEnvironment withPluginSetup(Consumer<PluginRegistry.Builder> pluginSetup) {
    return new CliEnvironment(out, err, env, connector, pluginSetup, onDaemonStarted, shutdownHook, cycleScheduler);
  }

  CliEnvironment withOnDaemonStarted(Consumer<Daemon> onDaemonStarted) {
    return new CliEnvironment(out, err, env, connector, pluginSetup, onDaemonStarted, shutdownHook, cycleScheduler);
  }

  CliEnvironment withCycleScheduler(Supplier<ScheduledExecutorService> cycleScheduler) {
    return new CliEnvironment(out, err, env, connector, pluginSetup, onDaemonStarted, shutdownHook, cycleScheduler);
  }
}
