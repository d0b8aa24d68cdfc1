package com.example.healer.npd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.api.check.HealthCheck;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.api.config.Settings;
import io.healer.fakes.ManualClock;
import io.healer.fakes.Nodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeProblemCheckTest {

  private final ManualClock clock = new ManualClock();
  private final Instant now = clock.instant();
  private final CheckContext context = CheckContext.of(clock, Duration.ofSeconds(10));

  private static HealthCheck check(Map<String, ?> params) {
    return new NodeProblemCheckFactory().create(Settings.of("healthcheck.worker[0].params", params));
  }

  private NodeInfo.Builder worker() {
    return Nodes.worker("worker-1", now.minus(Duration.ofDays(1))).heartbeatTime(now.minusSeconds(5));
  }

  @Test
  void kernelDeadlockIsUnhealthySinceItsTransition() {
    Instant since = now.minusSeconds(120);
    NodeInfo node = worker()
        .condition(new NodeCondition("KernelDeadlock", "True", java.util.Optional.of(since), "DockerHung",
            "task docker:7 blocked for more than 120 seconds"))
        .condition(NodeCondition.of("ReadonlyFilesystem", "False", since))
        .build();

    Verdict verdict = check(Map.of()).check(node, context);

    assertThat(verdict.isUnhealthy()).isTrue();
    assertThat(verdict.reason()).isEqualTo("KernelDeadlock is True: task docker:7 blocked for more than 120 seconds");
    assertThat(verdict.failingSince()).hasValue(since);
  }

  @Test
  void readonlyFilesystemIsUnhealthy() {
    NodeInfo node = worker()
        .condition(NodeCondition.of("KernelDeadlock", "False", now))
        .condition(NodeCondition.of("ReadonlyFilesystem", "True", now))
        .build();

    assertThat(check(Map.of()).check(node, context).reason()).startsWith("ReadonlyFilesystem is True");
  }

  @Test
  void problemsReportedFalseAreHealthy() {
    NodeInfo node = worker()
        .condition(NodeCondition.of("KernelDeadlock", "False", now))
        .condition(NodeCondition.of("ReadonlyFilesystem", "False", now))
        .build();

    assertThat(check(Map.of()).check(node, context)).isEqualTo(Verdict.healthy());
  }

  @Test
  void nodeWithoutNodeProblemDetectorIsUnknownNotHealthy() {
    Verdict verdict = check(Map.of()).check(worker().build(), context);

    assertThat(verdict.isUnknown()).isTrue();
    assertThat(verdict.reason()).contains("node-problem-detector reports none of [KernelDeadlock, ReadonlyFilesystem]");
  }

  @Test
  void leaseOlderThanMaxLeaseAgeIsUnhealthySinceItExpired() {
    Instant renewed = now.minusSeconds(100);
    NodeInfo node = worker().heartbeatTime(renewed).build();

    Verdict verdict = check(Map.of("conditions", List.of(), "max-lease-age", "40s")).check(node, context);

    assertThat(verdict.reason()).isEqualTo("the kubelet Lease was last renewed 100s ago, more than max-lease-age 40s");
    assertThat(verdict.failingSince()).hasValue(renewed.plusSeconds(40));
  }

  @Test
  void freshLeaseIsHealthy() {
    NodeInfo node = worker().heartbeatTime(now.minusSeconds(39)).build();

    assertThat(check(Map.of("conditions", List.of(), "max-lease-age", "40s")).check(node, context))
        .isEqualTo(Verdict.healthy());
  }

  @Test
  void leaseAgeIsJudgedByTheEnginesClock() {
    NodeInfo node = worker().heartbeatTime(now).build();
    HealthCheck check = check(Map.of("conditions", List.of(), "max-lease-age", "40s"));

    clock.advance(Duration.ofSeconds(41));

    assertThat(check.check(node, context).isUnhealthy()).isTrue();
  }

  @Test
  void nodeWithoutLeaseIsUnknownWhenTheLeaseIsJudged() {
    NodeInfo node = worker().heartbeatTime(null).build();

    assertThat(check(Map.of("conditions", List.of(), "max-lease-age", "40s")).check(node, context).isUnknown())
        .isTrue();
  }

  @Test
  void rejectsEveryBadParamAtOnce() {
    assertThatThrownBy(() -> check(Map.of("conditons", List.of("KernelDeadlock"), "max-lease-age", "0s")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::key)
            .containsExactlyInAnyOrder("healthcheck.worker[0].params.conditons",
                "healthcheck.worker[0].params.max-lease-age"))
        .hasMessageContaining("did you mean 'conditions'?");
  }

  @Test
  void refusesAConfigThatWouldPassEveryNode() {
    assertThatThrownBy(() -> check(Map.of("conditions", List.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("healthcheck.worker[0].params.conditions")
        .hasMessageContaining("unless max-lease-age is set");
  }
}
