package io.healer.daemon;

import ch.qos.logback.classic.Level;
import io.healer.api.CycleSummary;
import io.healer.api.NodeInfo;
import io.healer.api.NodeSource;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.config.ConfigException;
import io.healer.api.config.Settings;
import io.healer.core.Healer;
import io.healer.core.config.GoDuration;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.InMemoryRepairLedger;
import io.healer.core.engine.NodeRecord;
import io.healer.core.engine.RepairLedger;
import io.healer.core.plugin.PluginRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      description = "how long to wait for the cluster connection to be ready; default: ${DEFAULT-VALUE}")
  String timeout;

  CheckCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    common.logs.apply(env, Level.WARN);
    if (!output.equals("table") && !output.equals("json")) {
      throw new DaemonException("--output: value '" + output + "' is not allowed; table or json");
    }
    Duration wait = Settings.of("", Map.of("--timeout", timeout)).duration("--timeout", Duration.ofSeconds(30));
    // leader-elect off: a check must not join the election; dry-run on: it must not repair.
    try (Plugins plugins = common.pluginDirs.open(env)) {
      PluginRegistry registry = plugins.registry(env.pluginSetup());
      HealerConfig dryRun = ConfigJudgement.of(common.config.file, registry).requireValid().config().toBuilder()
          .dryRun(true).leaderElect(false).build();
      // --timeout bounds the whole wait: the connection's first answers, then its readiness.
      long deadline = System.nanoTime() + wait.toNanos();
      try (ClusterConnection connection = env.connector().connect(dryRun, registry, wait, why -> {})) {
        awaitReady(connection, wait, deadline);
        Instant now = connection.clock().instant();
        CheckReport report = new CheckReport(dryRun, now);
        Recording nodes = new Recording(connection.nodeSource());
        Healer.Builder builder = Healer.builder(dryRun)
            .nodeSource(nodes)
            .plugins(registry)
            .clock(connection.clock())
            .pauseSwitch(connection.pauseSwitch())
            .ledger(new ReadOnlyLedger(connection.ledger().orElseGet(InMemoryRepairLedger::new)))
            // Read only as well: in dry-run the engine never writes the storm state.
            .stormStateStore(connection.stormStateStore().orElse(null))
            // One pass: a failure no record holds is judged by its check's own start, as a leader
            // that had been watching would judge it.
            .countTimeBeforeWatching(true)
            .listener(report);
        CloudProvider provider;
        try {
          provider = connection.cloudProvider().orElseGet(() -> registry.createProvider(dryRun));
        } catch (ConfigException e) {
          throw HealerCli.inFile(common.config.file, e);
        }
        builder.cloudProvider(provider);
        report.cloud(askCloud(provider));
        CycleSummary summary;
        try (Healer healer = builder.build()) {
          summary = healer.runOnce();
        } catch (ConfigException e) {
          throw HealerCli.inFile(common.config.file, e);
        }
        if (output.equals("json")) {
          report.printJson(env.out(), nodes.last, summary);
        } else {
          report.printTable(env.out(), nodes.last, summary);
        }
      }
    }
    return HealerCli.OK;
  }

  /**
   * The one cloud call of a check, read-only: whether the cloud would let a repair go now. It logs
   * in with the configured credentials, so a wrong password shows here. (In dry-run the engine itself
   * never asks.)
   */
  private static ClusterStatus askCloud(CloudProvider provider) {
    try {
      ClusterStatus status = provider.clusterStatus();
      return status == null ? ClusterStatus.unknown("the provider gave no status") : status;
    } catch (RuntimeException e) {
      // Only the type: a library's message may quote anything.
      return ClusterStatus.unknown("the provider failed: " + e.getClass().getSimpleName());
    }
  }

  private static void awaitReady(ClusterConnection connection, Duration wait, long deadline) {
    while (!connection.readiness().getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new DaemonException("the cluster connection was not ready within " + GoDuration.format(wait)
            + " (--timeout)");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  /** Keeps the snapshot the engine read, so the report lists exactly the nodes it judged. */
  private static final class Recording implements NodeSource {
    private final NodeSource delegate;
    private volatile List<NodeInfo> last = List.of();

    Recording(NodeSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<NodeInfo> nodes() {
      List<NodeInfo> nodes = delegate.nodes();
      last = nodes;
      return nodes;
    }
  }

  /** The cluster's records, for what escalation would come next; writes are dropped. */
  private record ReadOnlyLedger(RepairLedger delegate) implements RepairLedger {
    @Override
    public Map<String, NodeRecord> load() {
      return delegate.load();
    }

    @Override
    public void save(String nodeName, NodeRecord record) {}

    @Override
    public void remove(String nodeName) {}
  }
}
