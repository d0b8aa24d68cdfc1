package io.healer.daemon;

import io.healer.api.embedding.CycleSummary;
import io.healer.api.embedding.HealerListener;
import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.PluginRegistry;
import io.healer.fakes.FakeCloud;
import io.healer.fakes.FakeCluster;
import io.healer.fakes.ManualClock;
import io.healer.fakes.Nodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ClusterConnector} on the testkit's fake cluster and fake cloud, on a manual clock: 3
 * masters and 3 workers, established for a day. Masters have no addresses, so an Endpoint check
 * answers unknown and never probes anything.
 */
final class FakeConnector implements ClusterConnector {

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final FakeCluster cluster = new FakeCluster(clock);
  final FakeCloud cloud = FakeCloud.connectedTo(cluster, clock);
  final AtomicBoolean ready = new AtomicBoolean(true);
  final CountDownLatch repairRequested = new CountDownLatch(1);
  final AtomicBoolean closed = new AtomicBoolean();
  HealerConfig connectedWith;
  /** Who the connection says leads; nobody by default. */
  volatile java.util.Optional<String> leader = java.util.Optional.empty();

  FakeConnector() {
    Instant created = clock.instant().minus(Duration.ofDays(1));
    for (int i = 1; i <= 3; i++) {
      cluster.add(Nodes.master("master-" + i, created).addresses(List.of()).build());
    }
    for (int i = 1; i <= 3; i++) {
      cluster.add(Nodes.worker("worker-" + i, created).build());
    }
  }

  @Override
  public ClusterConnection connect(HealerConfig config, PluginRegistry plugins) {
    connectedWith = config;
    return ClusterConnection.builder(cluster)
        .cloudProvider(cloud)
        .clock(clock)
        .readiness(ready::get)
        .leader(() -> leader)
        .listener(new HealerListener() {
          // At the end of the cycle, so that the cloud has been called and every listener told.
          @Override
          public void onCycle(CycleSummary summary) {
            if (summary.repairsRequested() > 0) {
              repairRequested.countDown();
            }
          }
        })
        .onClose(() -> closed.set(true))
        .build();
  }
}
