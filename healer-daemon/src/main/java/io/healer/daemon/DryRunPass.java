package io.healer.daemon;

import io.healer.api.embedding.CycleSummary;
import io.healer.api.NodeInfo;
import io.healer.api.embedding.NodeSource;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.config.ConfigException;
import io.healer.core.Healer;
import io.healer.core.config.GoDuration;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.InMemoryRepairLedger;
import io.healer.core.engine.NodeRecord;
import io.healer.core.engine.RepairLedger;
import io.healer.core.plugin.PluginRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * One pass of the engine on the live cluster that never repairs and never writes: what {@code
 * healer check} and {@code healer status} show. Leader election is off (the pass must not join
 * it), dry-run is on, the ledger and the storm state are read only.
 */
final class DryRunPass {

  /**
   * What the pass saw, handed over while the connection is still open.
   *
   * @param configured the config as the file says (leader election as configured)
   * @param connection the open connection, for what else the caller reads from the cluster
   * @param report each node's verdicts and what the engine would have done
   * @param nodes the nodes the engine judged
   * @param summary the pass's cycle summary
   * @param records the repair records on the nodes, as they were before the pass
   * @param now when the pass ran
   */
  record Seen(HealerConfig configured, ClusterConnection connection, CheckReport report, List<NodeInfo> nodes,
      CycleSummary summary, Map<String, NodeRecord> records, Instant now) {}

  /** What the caller does with the pass's result, while the connection is open. */
  @FunctionalInterface
  interface Then {
    void accept(Seen seen);
  }

  private DryRunPass() {}

  /**
   * Runs the pass.
   *
   * @param env the command's environment
   * @param common the command's config, plugin and log options
   * @param wait how long the connection may take to be ready
   * @param adjust changes to the configured config before the pass (such as another kubeconfig)
   * @param then what to do with what the pass saw
   */
  static void run(CliEnvironment env, Options.Common common, Duration wait, UnaryOperator<HealerConfig> adjust,
      Then then) {
    Path file = common.config.file;
    try (Plugins plugins = common.pluginDirs.open(env)) {
      PluginRegistry registry = plugins.registry(env.pluginSetup());
      HealerConfig configured = adjust.apply(ConfigJudgement.of(file, registry).requireValid().config());
      // leader-elect off: a pass must not join the election; dry-run on: it must not repair.
      HealerConfig dryRun = configured.toBuilder().dryRun(true).leaderElect(false).build();
      // The wait bounds the whole of it: the connection's first answers, then its readiness.
      long deadline = System.nanoTime() + wait.toNanos();
      try (ClusterConnection connection = env.connector().connect(dryRun, registry, wait, why -> {})) {
        awaitReady(connection, wait, deadline);
        Instant now = connection.clock().instant();
        CheckReport report = new CheckReport(dryRun, now);
        Recording nodes = new Recording(connection.nodeSource());
        RepairLedger ledger = connection.ledger().orElseGet(InMemoryRepairLedger::new);
        Map<String, NodeRecord> records = Map.copyOf(ledger.load());
        Healer.Builder builder = Healer.builder(dryRun)
            .nodeSource(nodes)
            .plugins(registry)
            .clock(connection.clock())
            .pauseSwitch(connection.pauseSwitch())
            .ledger(new ReadOnlyLedger(ledger))
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
          throw HealerCli.inFile(file, e);
        }
        builder.cloudProvider(provider);
        report.cloud(askCloud(provider));
        CycleSummary summary;
        try (Healer healer = builder.build()) {
          summary = healer.runOnce();
        } catch (ConfigException e) {
          throw HealerCli.inFile(file, e);
        }
        then.accept(new Seen(configured, connection, report, nodes.last, summary, records, now));
      }
    }
  }

  /**
   * The one cloud call of a pass, read-only: whether the cloud would let a repair go now. It logs
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
