package io.healer.benchmarks;

import io.healer.api.embedding.CycleSummary;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.config.Settings;
import io.healer.checks.standard.NodeConditionCheckFactory;
import io.healer.core.config.CheckConfig;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.HealingEngine;
import io.healer.core.plugin.ConfiguredCheck;
import io.healer.fakes.FakeCloud;
import io.healer.fakes.ManualClock;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1NodeList;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One evaluation cycle of the real engine with the stock NodeCondition check on one core, against
 * client-java decoding the same nodes from NodeList JSON (what an informer's LIST costs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EngineCycleBenchmark {

  @Param({"1000", "10000", "50000"})
  public int nodes;

  private HealingEngine engine;
  private String json;

  /** Builds the engine over a fixed snapshot (an informer cache) and the NodeList JSON. */
  @Setup
  public void setUp() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    List<NodeInfo> snapshot = Fleet.nodes(nodes);
    engine = engine(snapshot, clock, new FakeCloud());
    // Settle: the NotReady nodes become candidates and get their repair; later cycles are steady.
    engine.runCycle();
    json = Fleet.nodeListJson(nodes);
  }

  static HealingEngine engine(List<NodeInfo> snapshot, ManualClock clock, FakeCloud cloud) {
    HealerConfig config = HealerConfig.builder("bench").build();
    ConfiguredCheck check = new ConfiguredCheck(NodeConditionCheckFactory.TYPE,
        CheckConfig.DEFAULT_UNHEALTHY_DURATION, new NodeConditionCheckFactory().create(Settings.empty()));
    return HealingEngine.builder(config)
        .checks(Map.of(NodeRole.MASTER, List.of(check), NodeRole.WORKER, List.of(check)))
        .nodeSource(() -> snapshot)
        .cloudProvider(cloud)
        .clock(clock)
        .executor(Runnable::run)
        .build();
  }

  /** The engine's cycle: read, judge, track, decide. */
  @Benchmark
  public CycleSummary engineCycle() {
    return engine.runCycle();
  }

  /** The baseline: client-java decodes the same nodes from a NodeList. */
  @Benchmark
  public V1NodeList decodeNodeList() {
    return JSON.deserialize(json, V1NodeList.class);
  }
}
