package io.healer.daemon;

import io.healer.api.cloud.CloudProviderFactory;
import io.healer.fakes.FakeCloud;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** Runs the command line in-process with captured streams, as the jar would run it. */
final class Cli {

  /** What one command line did. */
  record Result(int exitCode, String out, String err) {}

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private CliEnvironment env;

  Cli() {
    env = new CliEnvironment(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), new KubernetesConnector(), b -> {}, d -> {},
        false, () -> null);
  }

  Cli connector(ClusterConnector connector) {
    env = env.withConnector(connector);
    return this;
  }

  Cli env(Map<String, String> variables) {
    env = env.withEnv(variables);
    return this;
  }

  Cli cycleScheduler(ScheduledExecutorService scheduler) {
    env = env.withCycleScheduler(() -> scheduler);
    return this;
  }

  Cli onDaemonStarted(Consumer<Daemon> hook) {
    env = env.withOnDaemonStarted(hook);
    return this;
  }

  /**
   * The Magnum provider ({@code cloud-provider: openstack}) lands with its own issue; until its jar
   * is on the class path, a stand-in of that name is added by hand. Once it is, the real one is used.
   */
  Cli withOpenStackProvider() {
    boolean installed = ServiceLoader.load(CloudProviderFactory.class).stream()
        .anyMatch(p -> p.get().name().equals("openstack"));
    if (!installed) {
      env = env.withPluginSetup(b -> b.addProviderFactory(new StandInOpenStackFactory()));
    }
    return this;
  }

  /** What went to standard error so far (logs included), while a command still runs. */
  String errSoFar() {
    return err.toString(StandardCharsets.UTF_8);
  }

  Result run(String... args) {
    int code = HealerCli.execute(args, env);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A provider named {@code openstack} that repairs nothing. */
  static final class StandInOpenStackFactory implements CloudProviderFactory {
    @Override
    public String name() {
      return "openstack";
    }

    @Override
    public io.healer.api.cloud.CloudProvider create(io.healer.api.config.Settings settings, String clusterName) {
      return new FakeCloud();
    }
  }

}
