package io.healer.daemon;

import ch.qos.logback.classic.Level;
import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.PluginRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code healer run --config FILE}: the long-running daemon. Also what {@code healer
 * --config=FILE --v=2} means, as magnum-auto-healer's manifest calls it.
 */
@Command(name = "run", description = "Heal the cluster until stopped (SIGTERM stops gracefully).")
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  /** How long {@code run} waits for the cluster's first answers: until it is stopped. */
  static final Duration UNTIL_STOPPED = Duration.ofDays(3650);

  private final CliEnvironment env;

  @Mixin
  Options.Common common = new Options.Common();

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "port of /metrics, /healthz and /readyz; default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--bind-address", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
      description = "address of /metrics, /healthz and /readyz; default: ${DEFAULT-VALUE}")
  String bindAddress;

  RunCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InterruptedException {
    common.logs.apply(env, Level.INFO);
    LOG.info("healer {} using config file {}", BuildInfo.version(), common.config.file);
    try (Plugins plugins = common.pluginDirs.open(env)) {
      PluginRegistry registry = plugins.registry(env.pluginSetup());
      // Every problem of the file, the checks' params and the provider's block, as validate finds
      // them, before anything is contacted: a mistake is exit 2 at once, not after the connection.
      HealerConfig loaded = ConfigJudgement.of(common.config.file, registry).requireValid().config();
      StopRequest stop = new StopRequest(Thread.currentThread());
      Thread hook = new Thread(stop::fromSignal, "healer-shutdown");
      if (env.shutdownHook()) {
        Runtime.getRuntime().addShutdownHook(hook);
      }
      try {
        return runUntilStopped(loaded, registry, stop);
      } finally {
        stop.finished();
        if (env.shutdownHook()) {
          removeHook(hook);
        }
      }
    }
  }

  private int runUntilStopped(HealerConfig loaded, PluginRegistry registry, StopRequest stop)
      throws InterruptedException {
    // Probes are answered from now on: alive, not ready until the connection is made.
    Daemon.Endpoints endpoints = Daemon.Endpoints.serve(new InetSocketAddress(bindAddress, port));
    ClusterConnection connection;
    try {
      // No limit: an API server that is not there yet is waited for (and its failures logged)
      // until it answers or a stop is asked for; /readyz says meanwhile what is waited for.
      connection = env.connector().connect(loaded, registry, UNTIL_STOPPED, endpoints::waitingFor);
    } catch (RuntimeException e) {
      endpoints.close();
      if (stop.requested()) {
        LOG.info("stopped before the cluster connection was made");
        return HealerCli.OK;
      }
      throw e;
    }
    Daemon daemon;
    try {
      daemon = Daemon.start(loaded, registry, connection, endpoints, env.cycleScheduler().get());
    } catch (io.healer.api.config.ConfigException e) {
      throw HealerCli.inFile(common.config.file, e);
    }
    if (!stop.started(daemon)) {
      daemon.stop();
      return HealerCli.OK;
    }
    env.onDaemonStarted().accept(daemon);
    daemon.awaitStop();
    return HealerCli.OK;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is running and ends the process itself.
    }
  }

  /**
   * A stop asked for by SIGTERM (or SIGINT), from the JVM's shutdown hook: stops the daemon when it
   * runs, else interrupts the wait for the cluster connection. The process then exits 0, as a
   * requested stop is no failure: the JVM would exit 143 after SIGTERM, so the hook halts with 0
   * once {@code run} has finished (or after {@link #GRACE}, if it does not).
   */
  private static final class StopRequest {
    /** A running cycle gets 30 s to finish (Healer.close); then the connection and the endpoints close. */
    static final Duration GRACE = Duration.ofSeconds(45);

    private final Thread main;
    private final CountDownLatch finished = new CountDownLatch(1);
    private Daemon daemon;
    private boolean requested;

    StopRequest(Thread main) {
      this.main = main;
    }

    synchronized boolean requested() {
      return requested;
    }

    /** The daemon runs; false when a stop came first (the caller then stops it). */
    synchronized boolean started(Daemon running) {
      this.daemon = running;
      return !requested;
    }

    void finished() {
      finished.countDown();
    }

    void fromSignal() {
      Daemon running;
      synchronized (this) {
        requested = true;
        running = daemon;
      }
      LOG.info("stop requested");
      if (running != null) {
        running.stop();
      } else {
        main.interrupt();
      }
      try {
        finished.await(GRACE.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(HealerCli.OK);
    }
  }
}
