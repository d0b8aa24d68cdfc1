package io.healer.daemon;

import ch.qos.logback.classic.Level;
import io.healer.core.config.HealerConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code healer status --config FILE}: the cluster as healer sees it, from the live API — per node
 * its role, each check's verdict, how long it has been unhealthy, where its repair stands and what
 * holds it back; and who leads. The same read-only pass as {@code check} (no repair, no write, no
 * election), shown as {@code kubectl get} shows things, or as JSON or YAML. Installed as {@code
 * kubectl-healer} on the PATH it is also {@code kubectl healer status}.
 */
@Command(name = "status", description = "The cluster as healer sees it now: each node's verdicts, repair and holds, and the leader.")
final class StatusCommand implements Callable<Integer> {

  private final CliEnvironment env;

  @Mixin
  Options.Common common = new Options.Common();

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table, json or yaml; default: ${DEFAULT-VALUE}")
  String output;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "the kubeconfig to use instead of the config's kubernetes.kubeconfig; default: $KUBECONFIG when the"
          + " config names none (as kubectl does)")
  String kubeconfig;

  @Mixin
  Options.ConnectTimeout timeout = new Options.ConnectTimeout();

  StatusCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    common.logs.apply(env, Level.WARN);
    StatusReport.Format format = StatusReport.Format.parse(output);
    Duration wait = timeout.duration();
    DryRunPass.run(env, common, wait, kubeconfigFromKubectl(), seen -> {
      StatusReport report = StatusReport.of(seen);
      env.out().println(report.render(format));
    });
    return HealerCli.OK;
  }

  /** As a kubectl plugin: kubectl's own kubeconfig when the flag or the environment names one. */
  private UnaryOperator<HealerConfig> kubeconfigFromKubectl() {
    String fromEnv = env.env().get("KUBECONFIG");
    return config -> {
      if (kubeconfig != null) {
        return config.toBuilder().kubeconfig(kubeconfig).build();
      }
      if (config.kubeconfig().isEmpty() && fromEnv != null && !fromEnv.isBlank()) {
        // kubectl's KUBECONFIG may list several files; the first one is the one it writes to.
        return config.toBuilder().kubeconfig(fromEnv.split(java.io.File.pathSeparator)[0]).build();
      }
      return config;
    };
  }
}
