package io.healer.daemon;

import ch.qos.logback.classic.Level;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.core.config.ConfigFileException;
import io.healer.core.config.ConfigKey;
import io.healer.core.config.ConfigKeys;
import io.healer.core.config.ConfigLoader;
import io.healer.core.config.ConfigReport;
import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.ConfiguredCheck;
import io.healer.core.plugin.PluginRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code healer validate --config FILE}: the config alone, without network. It reads the file, has
 * every configured check created by its plugin (which validates its params), checks that the
 * named cloud provider is installed and has its factory validate the provider's block offline
 * ({@code CloudProviderFactory.validate}). The provider is not created: creating one may log in to
 * the cloud. Exit 0 and a summary when valid; exit 2 and one line per problem when not.
 *
 * <p>Every problem is reported in one run: the file's own problems first, in file order, then
 * those of the checks and of the provider's block, which are judged on the best-effort config
 * ({@link ConfigReport#bestEffort()}) when the file has problems too. Only a file of which nothing
 * can be read (unreadable, too large, a YAML syntax error) stops at its one problem.
 */
@Command(name = "validate", description = "Check config.yaml without contacting the cluster or the cloud.")
final class ValidateCommand implements Callable<Integer> {

  /** The longest key's length, so that the values stand in one column. */
  private static final int WIDTH = ConfigKeys.ALL.stream().mapToInt(k -> k.name().length()).max().orElse(0);

  private final CliEnvironment env;

  @Mixin
  Options.Common common = new Options.Common();

  ValidateCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    common.logs.apply(env, Level.WARN);
    try (Plugins plugins = common.pluginDirs.open(env)) {
      PluginRegistry registry = plugins.registry(env.pluginSetup());
      ConfigJudgement judged = ConfigJudgement.of(common.config.file, registry).requireValid();
      summary(env.out(), judged.config(), registry);
      judged.inPodOnly().forEach(p -> env.out().println("  note: " + p.key() + " reads " + p.value().orElse("")
          + ", which Kubernetes mounts into every pod; it is checked when healer runs in the cluster"));
    }
    return HealerCli.OK;
  }

  /** Every key of the table with its value; the provider's block only as a note, it may hold credentials. */
  private void summary(PrintStream out, HealerConfig c, PluginRegistry registry) {
    out.println(common.config.file + " is valid.");
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      String value = key.describe(c);
      if (key == ConfigKeys.CLOUD_PROVIDER) {
        value += " " + Plugins.describe(registry.providerFactoryOrigins().get(c.cloudProvider()));
      }
      row(out, key == ConfigKeys.OPENSTACK ? c.cloudProvider() : key.name(), value);
    }
    row(out, "plugins", registry.checkTypes().size() + " check types (" + String.join(", ", registry.checkTypes())
        + "), " + registry.providerNames().size() + " cloud providers (" + String.join(", ", registry.providerNames())
        + ")");
    out.println("Nothing was contacted: the cluster, the cloud and the provider's credentials are checked by 'healer check'.");
  }

  private static void row(PrintStream out, String key, Object value) {
    out.printf("  %-" + WIDTH + "s %s%n", key, value);
  }
}
