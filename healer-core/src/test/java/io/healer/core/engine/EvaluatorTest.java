package io.healer.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.api.check.CheckId;
import io.healer.core.plugin.ConfiguredCheck;
import io.healer.fakes.ManualClock;
import io.healer.fakes.Nodes;
import java.time.Duration;
import java.util.EnumMap;
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
      Evaluator evaluator = new Evaluator(identified(Map.of(NodeRole.WORKER, List.of(hanging))), pool,
          Duration.ofMillis(10));
      NodeInfo node = Nodes.worker("w1").build();

      List<NodeEvaluation> result = evaluator.evaluate(List.of(node), CheckContext.of(clock, Duration.ofMillis(10)));

      assertThat(result).singleElement().satisfies(e -> {
        assertThat(verdict(e, "Hanging").isUnknown()).isTrue();
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
    Evaluator evaluator = new Evaluator(identified(Map.of(NodeRole.WORKER, List.of(a, b),
        NodeRole.MASTER, List.of(masterOnly))), Runnable::run, Duration.ofSeconds(1));

    List<NodeEvaluation> result = evaluator.evaluate(List.of(Nodes.worker("w1").build()),
        CheckContext.of(clock, Duration.ofSeconds(1)));

    assertThat(shown(result.get(0))).containsOnly("A", "B");
    assertThat(shown(result.get(0))).containsExactly("A", "B");
    assertThat(result.get(0).firstUnhealthy()).hasValueSatisfying(e -> assertThat(e.getKey().display()).isEqualTo("A"));
  }

  @Test
  void aCheckThatReturnsNoVerdictIsUnknown() {
    ConfiguredCheck silent = new ConfiguredCheck("Silent", Duration.ZERO, (node, ctx) -> null);
    Evaluator evaluator = new Evaluator(identified(Map.of(NodeRole.WORKER, List.of(silent))), Runnable::run,
        Duration.ofSeconds(1));

    List<NodeEvaluation> result = evaluator.evaluate(List.of(Nodes.worker("w1").build()),
        CheckContext.of(clock, Duration.ofSeconds(1)));

    assertThat(verdict(result.get(0), "Silent").isUnknown()).isTrue();
  }

  @Test
  void givesEachOfTwoChecksOfOneTypeItsOwnVerdict() {
    ConfiguredCheck failing = new ConfiguredCheck("Endpoint", Duration.ZERO, (node, ctx) -> Verdict.unhealthy("down"));
    ConfiguredCheck passing = new ConfiguredCheck("Endpoint", Duration.ZERO, (node, ctx) -> Verdict.healthy());
    ConfiguredCheck named = new ConfiguredCheck("Endpoint", "api-server", Duration.ZERO,
        (node, ctx) -> Verdict.unknown("no address"));
    Evaluator evaluator = new Evaluator(identified(Map.of(NodeRole.WORKER, List.of(failing, passing, named))),
        Runnable::run, Duration.ofSeconds(1));

    NodeEvaluation result = evaluator.evaluate(List.of(Nodes.worker("w1").build()),
        CheckContext.of(clock, Duration.ofSeconds(1))).get(0);

    assertThat(shown(result)).containsExactly("Endpoint#1", "Endpoint#2", "api-server");
    assertThat(result.verdicts().values()).extracting(Verdict::status)
        .containsExactly(Verdict.Status.UNHEALTHY, Verdict.Status.HEALTHY, Verdict.Status.UNKNOWN);
    assertThat(result.unhealthy()).isTrue();
  }

  private static Map<NodeRole, RoleChecks> identified(Map<NodeRole, List<ConfiguredCheck>> checks) {
    Map<NodeRole, RoleChecks> identified = new EnumMap<>(NodeRole.class);
    checks.forEach((role, list) -> identified.put(role, RoleChecks.of(list)));
    return identified;
  }

  /** The checks of an evaluation as shown, in order. */
  private static List<String> shown(NodeEvaluation e) {
    return e.verdicts().keySet().stream().map(CheckId::display).toList();
  }

  private static Verdict verdict(NodeEvaluation e, String shown) {
    return e.verdicts().entrySet().stream().filter(v -> v.getKey().display().equals(shown))
        .map(Map.Entry::getValue).findFirst().orElseThrow();
  }
}
