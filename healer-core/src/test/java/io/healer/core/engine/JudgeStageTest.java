package io.healer.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckId;
import io.healer.fakes.Nodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The judge stage")
class JudgeStageTest {

  @Test
  void judgesOnlyNodesOldEnoughWithConditionsOfAMonitoredRole() {
    StageFixture f = new StageFixture(c -> c.masterMonitorEnabled(false).checkDelayAfterAdd(Duration.ofMinutes(10)));
    f.cluster.addWorker("worker-1");
    f.cluster.addMaster("master-1");
    f.cluster.add(Nodes.ready(Nodes.worker("worker-new", f.clock.instant().minusSeconds(60)), f.clock.instant())
        .build());
    f.cluster.add(Nodes.worker("worker-bare").conditions(List.of()).build());
    f.cluster.killKubelet("worker-1");

    Judgement judged = f.judged();

    assertThat(judged.nodes()).hasSize(4);
    assertThat(judged.evaluations()).extracting(e -> e.node().name()).containsExactly("worker-1");
    assertThat(judged.unhealthy()).containsExactly("worker-1");
    assertThat(judged.now()).isEqualTo(f.clock.instant());
  }

  @Test
  void handsEveryVerdictToTheListeners() {
    StageFixture f = new StageFixture();
    List<String> verdicts = new ArrayList<>();
    ReportStage report = new ReportStage(List.of(new HealerListener() {
      @Override
      public void onVerdict(NodeInfo node, CheckId check, Verdict verdict) {
        verdicts.add(node.name() + " " + check.display() + " " + verdict.status());
      }
    }), f.cloud, f.clock, false, f.states);
    JudgeStage judge = new JudgeStage(f.config, f.clock, f.roleChecks, Runnable::run, 1, report);
    f.cluster.addWorker("worker-1");
    f.cluster.addWorker("worker-2");
    f.cluster.killKubelet("worker-2");

    judge.judge(f.cluster.nodes(), f.clock.instant());

    assertThat(verdicts).containsExactlyInAnyOrder("worker-1 NodeCondition HEALTHY", "worker-2 NodeCondition UNHEALTHY");
  }
}
