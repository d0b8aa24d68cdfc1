package io.healer.core.engine;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.check.CheckId;
import io.healer.core.config.CheckConfig;
import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.ConfiguredCheck;
import io.healer.fakes.FakeCloud;
import io.healer.fakes.FakeCluster;
import io.healer.fakes.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One stage's collaborators over fakes, for tests of a single stage; stages are built on demand. */
final class StageFixture {

  final ManualClock clock = new ManualClock();
  final FakeCluster cluster = new FakeCluster(clock);
  final FakeCloud cloud = FakeCloud.connectedTo(cluster, clock);
  final InMemoryRepairLedger ledger = new InMemoryRepairLedger();
  final List<HealerEvent> events = new ArrayList<>();
  final HealerConfig config;
  final Map<NodeRole, RoleChecks> roleChecks = new EnumMap<>(NodeRole.class);
  final NodeStates states;
  final ReportStage report;
  final JudgeStage judge;

  StageFixture() {
    this(c -> c);
  }

  StageFixture(UnaryOperator<HealerConfig.Builder> configure) {
    config = configure.apply(HealerConfig.builder("test-cluster").monitorInterval(Duration.ofMinutes(1))).build();
    ConfiguredCheck check = new ConfiguredCheck("NodeCondition", CheckConfig.DEFAULT_UNHEALTHY_DURATION, new ReadyCheck());
    for (NodeRole role : NodeRole.values()) {
      roleChecks.put(role, RoleChecks.of(List.of(check)));
    }
    states = new NodeStates(ledger, config.dryRun());
    report = new ReportStage(List.of(new HealerListener() {
      @Override
      public void onEvent(HealerEvent event) {
        events.add(event);
      }
    }), cloud, clock, config.dryRun(), states);
    judge = new JudgeStage(config, clock, roleChecks, Runnable::run, 1, report);
  }

  /** The identity of the one check each role has. */
  static CheckId check() {
    return CheckId.of(1, "NodeCondition", null, false);
  }

  /** This instance leads from now. */
  StageFixture leading() {
    states.lead(true, clock.instant());
    return this;
  }

  /** Judges the cluster as it is now. */
  Judgement judged() {
    return judge.judge(cluster.nodes(), clock.instant());
  }

  NodeInfo node(String name) {
    return cluster.node(name);
  }

  /** A candidate failing since {@code since}. */
  Candidate candidate(String name, Instant since) {
    return new Candidate(node(name), new UnhealthyTracker.Candidacy(check(), "Ready is Unknown", since));
  }

  /** Gives the node a record failing since {@code since}, as the track stage would. */
  void failing(String name, Instant since) {
    NodeRecord record = NodeRecord.start(node(name).uid().orElse(null))
        .withUnhealthySince(Map.of(check().display(), since)).withCandidateAnnounced(true);
    states.store(name, record, true);
  }

  List<HealerEvent.Type> types() {
    return events.stream().map(HealerEvent::type).toList();
  }
}
