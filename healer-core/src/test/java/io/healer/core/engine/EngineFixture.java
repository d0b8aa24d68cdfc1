package io.healer.core.engine;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeRole;
import io.healer.api.check.HealthCheck;
import io.healer.core.config.CheckConfig;
import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.ConfiguredCheck;
import io.healer.fakes.FakeCloud;
import io.healer.fakes.FakeCluster;
import io.healer.fakes.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A cluster, a cloud, a clock and an engine wired together, for tests that drive the engine one
 * monitor interval at a time.
 */
final class EngineFixture {

  static final Duration INTERVAL = Duration.ofMinutes(1);

  final ManualClock clock = new ManualClock();
  final FakeCluster cluster = new FakeCluster(clock);
  final FakeCloud cloud = FakeCloud.connectedTo(cluster, clock);
  final InMemoryRepairLedger ledger = new InMemoryRepairLedger();
  /** Survives {@link #start()}, as the ConfigMap annotations survive a restart. */
  StormStateStore stormStore = StormStateStore.inMemory();
  final List<HealerEvent> events = Collections.synchronizedList(new ArrayList<>());
  HealerConfig config;
  Map<NodeRole, List<ConfiguredCheck>> checks;
  BooleanSupplier leadership = () -> true;
  BooleanSupplier paused = () -> false;
  HealingEngine engine;

  EngineFixture() {
    this(c -> c);
  }

  EngineFixture(UnaryOperator<HealerConfig.Builder> configure) {
    config = configure.apply(HealerConfig.builder("test-cluster").monitorInterval(INTERVAL)).build();
    HealthCheck ready = new ReadyCheck();
    ConfiguredCheck check = new ConfiguredCheck("NodeCondition", CheckConfig.DEFAULT_UNHEALTHY_DURATION, ready);
    checks = Map.of(NodeRole.MASTER, List.of(check), NodeRole.WORKER, List.of(check));
  }

  EngineFixture masters(int n) {
    for (int i = 1; i <= n; i++) {
      cluster.addMaster("master-" + i);
    }
    return this;
  }

  EngineFixture workers(int n) {
    for (int i = 1; i <= n; i++) {
      cluster.addWorker("worker-" + i);
    }
    return this;
  }

  /** Builds (or rebuilds, as a restarted process would) the engine over the same ledger. */
  HealingEngine start() {
    engine = HealingEngine.builder(config)
        .checks(checks)
        .nodeSource(cluster)
        .cloudProvider(cloud)
        .clock(clock)
        .ledger(ledger)
        .stormStateStore(stormStore)
        .executor(Runnable::run)
        .leadership(() -> leadership.getAsBoolean())
        .pauseSwitch(() -> paused.getAsBoolean())
        .listener(new HealerListener() {
          @Override
          public void onEvent(HealerEvent event) {
            events.add(event);
          }
        })
        .build();
    return engine;
  }

  /** Runs a cycle now, then one every monitor interval until {@code duration} has passed. */
  void runFor(Duration duration) {
    if (engine == null) {
      start();
    }
    Duration passed = Duration.ZERO;
    engine.runCycle();
    while (passed.compareTo(duration) < 0) {
      clock.advance(INTERVAL);
      passed = passed.plus(INTERVAL);
      engine.runCycle();
    }
  }

  /** One cycle, now, without moving the clock. */
  void cycle() {
    if (engine == null) {
      start();
    }
    engine.runCycle();
  }

  List<HealerEvent> events(HealerEvent.Type type) {
    synchronized (events) {
      return events.stream().filter(e -> e.type() == type).toList();
    }
  }

  List<HealerEvent> events(HealerEvent.Type type, String node) {
    return events(type).stream().filter(e -> e.nodeName().equals(node)).toList();
  }
}
