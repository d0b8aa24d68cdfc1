package io.healer.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.core.plugin.ConfiguredCheck;
import io.healer.testkit.ManualClock;
import io.healer.testkit.Nodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void aCheckThatIgnoresItsTimeoutYieldsUnknownInsteadOfHangingTheCycle() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    ConfiguredCheck hanging = new ConfiguredCheck("Hanging", Duration.ZERO, (node, ctx) -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Verdict.unhealthy("too late");
    });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // This guard is about a stuck thread, so it runs on real time: the budget is tiny on purpose.
      Evaluator evaluator = new Evaluator(Map.of(NodeRole.WORKER, List.of(hanging)), pool, Duration.ofMillis(10));
      NodeInfo node = Nodes.worker("w1").build();

      List<NodeEvaluation> result = evaluator.evaluate(List.of(node), CheckContext.of(clock, Duration.ofMillis(10)));

      assertThat(result).singleElement().satisfies(e -> {
        assertThat(e.verdicts().get("Hanging").isUnknown()).isTrue();
        assertThat(e.unhealthy()).isFalse();
      });
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void runsAllChecksOfARoleInConfigOrderAndOnlyThose() {
    ConfiguredCheck a = new ConfiguredCheck("A", Duration.ZERO, (node, ctx) -> Verdict.unhealthy("a"));
    ConfiguredCheck b = new ConfiguredCheck("B", Duration.ZERO, (node, ctx) -> Verdict.healthy());
    ConfiguredCheck masterOnly = new ConfiguredCheck("M", Duration.ZERO, (node, ctx) -> Verdict.unhealthy("m"));
    Evaluator evaluator = new Evaluator(Map.of(NodeRole.WORKER, List.of(a, b), NodeRole.MASTER, List.of(masterOnly)),
        Runnable::run, Duration.ofSeconds(1));

    List<NodeEvaluation> result = evaluator.evaluate(List.of(Nodes.worker("w1").build()),
        CheckContext.of(clock, Duration.ofSeconds(1)));

    assertThat(result.get(0).verdicts()).containsOnlyKeys("A", "B");
    assertThat(result.get(0).verdicts().keySet()).containsExactly("A", "B");
    assertThat(result.get(0).firstUnhealthy()).hasValueSatisfying(e -> assertThat(e.getKey()).isEqualTo("A"));
  }

  @Test
  void aCheckThatReturnsNoVerdictIsUnknown() {
    ConfiguredCheck silent = new ConfiguredCheck("Silent", Duration.ZERO, (node, ctx) -> null);
    Evaluator evaluator = new Evaluator(Map.of(NodeRole.WORKER, List.of(silent)), Runnable::run, Duration.ofSeconds(1));

    List<NodeEvaluation> result = evaluator.evaluate(List.of(Nodes.worker("w1").build()),
        CheckContext.of(clock, Duration.ofSeconds(1)));

    assertThat(result.get(0).verdicts().get("Silent").isUnknown()).isTrue();
  }
}
