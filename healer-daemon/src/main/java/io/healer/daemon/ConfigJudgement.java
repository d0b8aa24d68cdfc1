package io.healer.daemon;

import io.healer.api.NodeRole;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.core.config.ConfigFileException;
import io.healer.core.config.ConfigLoader;
import io.healer.core.config.ConfigReport;
import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.ConfiguredCheck;
import io.healer.core.plugin.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole config judged offline, as {@code validate} and {@code run} (before it connects to
 * anything) both judge it: the file's own problems first, in file order, then those of the checks'
 * params (each check created by its plugin and closed again) and of the provider's block ({@code
 * CloudProviderFactory.validate}; the provider is not created, as creating one may log in).
 *
 * <p>The checks and the provider's block are judged on the best-effort config ({@link
 * ConfigReport#bestEffort()}) when the file has problems too. Only a file of which nothing can be
 * read (unreadable, too large, a YAML syntax error) stops at its one problem.
 */
final class ConfigJudgement {

  static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  private final HealerConfig config;
  private final List<ConfigProblem> problems;
  private final List<ConfigProblem> inPodOnly;
  private final String sourceName;

  private ConfigJudgement(HealerConfig config, List<ConfigProblem> problems, List<ConfigProblem> inPodOnly,
      String sourceName) {
    this.config = config;
    this.problems = List.copyOf(problems);
    this.inPodOnly = List.copyOf(inPodOnly);
    this.sourceName = sourceName;
  }

  /**
   * Judges the file with the given plugins.
   *
   * @throws ConfigFileException when nothing of the file can be read
   */
  static ConfigJudgement of(Path file, PluginRegistry registry) {
    ConfigReport report = ConfigLoader.check(file);
    HealerConfig loaded = report.bestEffort()
        .orElseThrow(() -> new ConfigFileException(report.sourceName(), report.problems()));
    List<ConfigProblem> problems = new ArrayList<>(report.problems());
    List<ConfigProblem> inPodOnly = new ArrayList<>();
    try {
      closeAll(registry.createChecks(loaded));
    } catch (ConfigException e) {
      e.problems().forEach(p -> (needsPod(p) ? inPodOnly : problems).add(p));
    }
    if (providerIsKnown(report, loaded)) {
      var providerFactory = registry.providerFactory(loaded.cloudProvider());
      if (providerFactory.isEmpty()) {
        problems.add(ConfigProblem.of("cloud-provider", loaded.cloudProvider(), "an installed cloud provider; "
            + (registry.providerNames().isEmpty() ? "none is installed" : "installed: "
            + String.join(", ", registry.providerNames()))));
      } else {
        problems.addAll(providerFactory.get().validate(loaded.cloudSettings()));
      }
    }
    return new ConfigJudgement(loaded, problems, inPodOnly, report.sourceName());
  }

  /** The config as read: best effort when there are problems. */
  HealerConfig config() {
    return config;
  }

  /** Service-account files that only a pod has: noted, not refused (see {@link #needsPod}). */
  List<ConfigProblem> inPodOnly() {
    return inPodOnly;
  }

  /** Throws every problem at once, naming the file, if there is any. */
  ConfigJudgement requireValid() {
    if (!problems.isEmpty()) {
      throw new ConfigFileException(sourceName, problems);
    }
    return this;
  }

  /**
   * Whether the file says which provider it is for and gives it a block to judge. When {@code
   * cloud-provider} or the provider's block is already reported, the best-effort config has the
   * default provider or an empty block: judging that would only add problems the operator did not
   * make.
   */
  private static boolean providerIsKnown(ConfigReport report, HealerConfig loaded) {
    return report.problems().stream()
        .noneMatch(p -> p.key().equals("cloud-provider") || p.key().equals(loaded.cloudProvider()));
  }

  /**
   * Whether a problem is a service-account file that cannot exist outside a pod. Such files (the
   * cluster's CA, the pod's token) are the Endpoint check's defaults, so the Go tool's own sample
   * config names them; outside a pod they are noted rather than refused, and in a pod, where the
   * directory exists, a missing one is still an error.
   */
  private static boolean needsPod(ConfigProblem problem) {
    return problem.value().filter(v -> v.startsWith(SERVICE_ACCOUNT_DIR + "/")).isPresent()
        && !Files.isDirectory(Path.of(SERVICE_ACCOUNT_DIR));
  }

  private static void closeAll(Map<NodeRole, List<ConfiguredCheck>> checks) {
    checks.values().stream().flatMap(List::stream).forEach(c -> c.check().close());
  }
}
