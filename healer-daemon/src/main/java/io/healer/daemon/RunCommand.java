package io.healer.daemon;

import ch.qos.logback.classic.Level;
import io.healer.core.config.ConfigLoader;
import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.PluginRegistry;
import java.net.InetSocketAddress;
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

  private final CliEnvironment env;

  @Mixin
  Options.Config config = new Options.Config();

  @Mixin
  Options.PluginDirs pluginDirs = new Options.PluginDirs();

  @Mixin
  Options.Logs logs = new Options.Logs();

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
    logs.apply(env, Level.INFO);
    LOG.info("healer {} using config file {}", BuildInfo.version(), config.file);
    HealerConfig loaded = ConfigLoader.load(config.file);
    try (Plugins plugins = pluginDirs.open(env)) {
      PluginRegistry registry = plugins.registry(env.pluginSetup());
      // Probes are answered from now on: alive, not ready until the connection is made.
      Daemon.Endpoints endpoints = Daemon.Endpoints.serve(new InetSocketAddress(bindAddress, port));
      ClusterConnection connection;
      try {
        connection = env.connector().connect(loaded, registry);
      } catch (RuntimeException e) {
        endpoints.close();
        throw e;
      }
      Daemon daemon;
      try {
        daemon = Daemon.start(loaded, registry, connection, endpoints, env.cycleScheduler().get());
      } catch (io.healer.api.config.ConfigException e) {
        throw HealerCli.inFile(config.file, e);
      }
      Thread hook = new Thread(daemon::stop, "healer-shutdown");
      if (env.shutdownHook()) {
        Runtime.getRuntime().addShutdownHook(hook);
      }
      env.onDaemonStarted().accept(daemon);
      daemon.awaitStop();
      return HealerCli.OK;
    }
  }
}
