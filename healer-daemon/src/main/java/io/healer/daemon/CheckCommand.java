package io.healer.daemon;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code healer check --config FILE}: one pass against the real cluster and cloud that never
 * repairs. It asks the cloud once whether it would allow repairs now (read-only; this logs in with
 * the configured credentials), then runs one engine cycle with dry-run on (the engine then never calls the cloud to
 * repair and records nothing), as a leader (so that it shows what a leader would do) but without
 * taking part in leader election, with a ledger it can read and not write, and no hooks or Events.
 */
@Command(name = "check", description = "One pass that never repairs: each node's verdicts and what would be repaired, and why.")
final class CheckCommand implements Callable<Integer> {

  private final CliEnvironment env;

  @Mixin
  Options.Common common = new Options.Common();

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (for people) or json (one JSON document for tools); default: ${DEFAULT-VALUE}")
  String output;

  @Mixin
  Options.ConnectTimeout timeout = new Options.ConnectTimeout();

  CheckCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    common.logs.apply(env, Level.WARN);
    if (!output.equals("table") && !output.equals("json")) {
      throw new DaemonException("--output: value '" + output + "' is not allowed; table or json");
    }
    Duration wait = timeout.duration();
    DryRunPass.run(env, common, wait, config -> config, seen -> {
      if (output.equals("json")) {
        seen.report().printJson(env.out(), seen.nodes(), seen.summary());
      } else {
        seen.report().printTable(env.out(), seen.nodes(), seen.summary());
      }
    });
    return HealerCli.OK;
  }
}
