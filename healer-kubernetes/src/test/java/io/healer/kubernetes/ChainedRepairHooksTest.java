package io.healer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.NodeInfo;
import io.healer.api.cloud.RepairAction;
import io.healer.core.engine.RepairHooks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainedRepairHooksTest {

  final NodeInfo node = NodeInfo.builder("worker-1").build();
  final Instant now = Instant.parse("2026-01-01T00:00:00Z");
  final List<String> calls = new ArrayList<>();

  RepairHooks hook(String name, RepairHooks.Readiness readiness) {
    return new RepairHooks() {
      @Override
      public Readiness prepare(NodeInfo n, RepairAction action, Instant t) {
        calls.add(name + ".prepare");
        return readiness;
      }

      @Override
      public void started(NodeInfo n, RepairAction action, Instant t) {
        calls.add(name + ".started");
      }

      @Override
      public void recovered(NodeInfo n, Instant t) {
        calls.add(name + ".recovered");
      }
    };
  }

  @Test
  void readyOnlyWhenEveryHookIsAndTheFirstNotYetWins() {
    RepairHooks chain = new ChainedRepairHooks(List.of(hook("drain", RepairHooks.Readiness.notYet("draining")),
        hook("delete", RepairHooks.Readiness.ready())));

    assertThat(chain.prepare(node, RepairAction.REPLACE, now).reason()).isEqualTo("draining");
    assertThat(calls).containsExactly("drain.prepare");
  }

  @Test
  void keepsADrainThatLeftPodsAndFencesWhenOneHookCan() {
    RepairHooks taint = new RepairHooks() {
      @Override
      public Readiness fence(NodeInfo n, Instant t) {
        calls.add("taint.fence");
        return Readiness.ready();
      }
    };
    RepairHooks chain = new ChainedRepairHooks(List.of(
        hook("drain", RepairHooks.Readiness.readyWithPodsLeft("2 pod(s) left")),
        hook("delete", RepairHooks.Readiness.ready()), taint));

    RepairHooks.Readiness r = chain.prepare(node, RepairAction.REPLACE, now);
    assertThat(r.isReady()).isTrue();
    assertThat(r.drained()).isFalse();
    assertThat(r.podsLeft()).isEqualTo("2 pod(s) left");
    assertThat(chain.fence(node, now).isReady()).isTrue();
    assertThat(calls).endsWith("taint.fence");

    RepairHooks none = new ChainedRepairHooks(List.of(hook("drain", RepairHooks.Readiness.ready())));
    assertThat(none.fence(node, now).isReady()).as("no hook can taint: never taken as tainted").isFalse();
  }

  @Test
  void startedAndRecoveredReachEveryHookInOrder() {
    RepairHooks chain = new ChainedRepairHooks(List.of(hook("drain", RepairHooks.Readiness.ready()),
        hook("delete", RepairHooks.Readiness.ready())));

    assertThat(chain.prepare(node, RepairAction.REPLACE, now).isReady()).isTrue();
    chain.started(node, RepairAction.REPLACE, now);
    chain.recovered(node, now);

    assertThat(calls).containsExactly("drain.prepare", "delete.prepare", "drain.started", "delete.started",
        "drain.recovered", "delete.recovered");
  }

  @Test
  void aHookThatThrowsDoesNotKeepTheOthersFromBeingTold() {
    RepairHooks failing = new RepairHooks() {
      @Override
      public void started(NodeInfo n, RepairAction action, Instant t) {
        throw new IllegalStateException("boom");
      }
    };
    RepairHooks chain = new ChainedRepairHooks(List.of(failing, hook("delete", RepairHooks.Readiness.ready())));

    assertThatThrownBy(() -> chain.started(node, RepairAction.REPLACE, now)).hasMessage("boom");
    assertThat(calls).containsExactly("delete.started");
  }
}
