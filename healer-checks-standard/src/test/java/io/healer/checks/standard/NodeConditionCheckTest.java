package io.healer.checks.standard;

import static io.healer.checks.standard.Fixtures.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.HealthCheck;
import io.healer.api.config.ConfigException;
import io.healer.api.config.Settings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NodeConditionCheckTest {

  private static final Instant TRANSITION = Instant.parse("2025-03-01T11:52:30Z");

  private final NodeConditionCheckFactory factory = new NodeConditionCheckFactory();

  private HealthCheck check(Map<String, ?> params) {
    return factory.create(Settings.of("healthcheck.worker[0].params", params));
  }

  private static NodeInfo node(NodeCondition... conditions) {
    return NodeInfo.builder("worker-1").conditions(List.of(conditions)).build();
  }

  private static NodeCondition condition(String type, String status) {
    return NodeCondition.of(type, status, TRANSITION);
  }

  @Nested
  class Defaults {

    @Test
    void judgesReadyTrueAsHealthy() {
      assertThat(check(Map.of()).check(node(condition("Ready", "True")), context()).isHealthy()).isTrue();
    }

    @Test
    void judgesReadyFalseAsUnhealthy() {
      Verdict verdict = check(Map.of()).check(node(condition("Ready", "False")), context());

      assertThat(verdict.isUnhealthy()).isTrue();
      assertThat(verdict.reason()).isEqualTo("Ready is False");
    }

    @Test
    void judgesReadyUnknownAsUnhealthyNamingReasonAndMessage() {
      NodeCondition ready = new NodeCondition("Ready", "Unknown", Optional.of(TRANSITION),
          "NodeStatusUnknown", "Kubelet stopped posting node status");

      Verdict verdict = check(Map.of()).check(node(ready), context());

      assertThat(verdict.isUnhealthy()).isTrue();
      assertThat(verdict.reason()).isEqualTo("Ready is Unknown (NodeStatusUnknown): Kubelet stopped posting node status");
    }

    @Test
    void ignoresConditionsOtherThanReady() {
      Verdict verdict = check(Map.of())
          .check(node(condition("Ready", "True"), condition("MemoryPressure", "True")), context());

      assertThat(verdict.isHealthy()).isTrue();
    }

    @Test
    void supportsMastersAndWorkersLikeGo() {
      assertThat(check(Map.of()).roles()).containsExactlyInAnyOrder(NodeRole.MASTER, NodeRole.WORKER);
    }
  }

  @Nested
  class SinceTime {

    @Test
    void unhealthyVerdictIsDatedFromTheConditionsLastTransition() {
      Verdict verdict = check(Map.of()).check(node(condition("Ready", "False")), context());

      assertThat(verdict.failingSince()).contains(TRANSITION);
    }

    @Test
    void unhealthyVerdictHasNoSinceTimeWhenTheTransitionIsUnknown() {
      Verdict verdict = check(Map.of()).check(node(NodeCondition.of("Ready", "False", null)), context());

      assertThat(verdict.isUnhealthy()).isTrue();
      assertThat(verdict.failingSince()).isEmpty();
    }
  }

  @Nested
  class MissingConditions {

    @Test
    void nodeWithoutTheConditionIsUnknownNotHealthyAsInGo() {
      Verdict verdict = check(Map.of()).check(node(), context());

      assertThat(verdict.isUnknown()).isTrue();
      assertThat(verdict.reason()).isEqualTo("the node reports no Ready condition");
    }

    @Test
    void unknownNamesEveryMissingType() {
      Verdict verdict = check(Map.of("types", List.of("Ready", "KernelDeadlock", "DiskPressure")))
          .check(node(condition("Ready", "True")), context());

      assertThat(verdict.isUnknown()).isTrue();
      assertThat(verdict.reason()).isEqualTo("the node reports no KernelDeadlock, DiskPressure conditions");
    }

    @Test
    void aFailingTypeWinsOverAMissingOne() {
      Verdict verdict = check(Map.of("types", List.of("KernelDeadlock", "Ready")))
          .check(node(condition("Ready", "False")), context());

      assertThat(verdict.isUnhealthy()).isTrue();
      assertThat(verdict.reason()).isEqualTo("Ready is False");
    }
  }

  @Nested
  class Types {

    @Test
    void judgesEveryListedType() {
      HealthCheck check = check(Map.of("types", List.of("Ready", "NetworkReady")));

      assertThat(check.check(node(condition("Ready", "True"), condition("NetworkReady", "True")), context())
          .isHealthy()).isTrue();
      assertThat(check.check(node(condition("Ready", "True"), condition("NetworkReady", "False")), context())
          .reason()).isEqualTo("NetworkReady is False");
    }

    @Test
    void theFirstFailingTypeInConfiguredOrderNamesTheReason() {
      HealthCheck check = check(Map.of("types", List.of("NetworkReady", "Ready")));
      NodeInfo bothFailing = node(condition("Ready", "Unknown"), condition("NetworkReady", "False"));

      assertThat(check.check(bothFailing, context()).reason()).isEqualTo("NetworkReady is False");
    }

    @Test
    void aSingleTypeMayBeGivenWithoutAList() {
      Verdict verdict = check(Map.of("types", "NetworkReady")).check(node(condition("NetworkReady", "False")), context());

      assertThat(verdict.reason()).isEqualTo("NetworkReady is False");
    }
  }

  @Nested
  class OkValues {

    @Test
    void everyListedStatusIsHealthy() {
      HealthCheck check = check(Map.of("ok-values", List.of("True", "Unknown")));

      assertThat(check.check(node(condition("Ready", "Unknown")), context()).isHealthy()).isTrue();
      assertThat(check.check(node(condition("Ready", "False")), context()).isUnhealthy()).isTrue();
    }

    @Test
    void statusesAreCaseSensitiveAsInGo() {
      HealthCheck check = check(Map.of("ok-values", List.of("true")));

      assertThat(check.check(node(condition("Ready", "True")), context()).isUnhealthy()).isTrue();
    }

    @Test
    void unquotedYamlBooleansAreTakenAsKubernetesStatuses() {
      HealthCheck check = check(Map.of("ok-values", List.of(Boolean.TRUE)));

      assertThat(check.check(node(condition("Ready", "True")), context()).isHealthy()).isTrue();
      assertThat(check.check(node(condition("Ready", "False")), context()).isUnhealthy()).isTrue();
    }
  }

  @Nested
  class ErrorValues {

    @Test
    void whenSetTheyWinOverOkValues() {
      HealthCheck check = check(Map.of("ok-values", List.of("True"), "error-values", List.of("False")));

      assertThat(check.check(node(condition("Ready", "Unknown")), context()).isHealthy()).isTrue();
      assertThat(check.check(node(condition("Ready", "True")), context()).isHealthy()).isTrue();
      Verdict failing = check.check(node(condition("Ready", "False")), context());
      assertThat(failing.isUnhealthy()).isTrue();
      assertThat(failing.failingSince()).contains(TRANSITION);
    }

    @Test
    void judgeProblemConditionsWhereTrueIsBad() {
      HealthCheck check = check(Map.of(
          "types", List.of("MemoryPressure", "DiskPressure"), "error-values", List.of(Boolean.TRUE)));

      assertThat(check.check(node(condition("MemoryPressure", "False"), condition("DiskPressure", "False")),
          context()).isHealthy()).isTrue();
      assertThat(check.check(node(condition("MemoryPressure", "False"), condition("DiskPressure", "True")),
          context()).reason()).isEqualTo("DiskPressure is True");
    }

    @Test
    void makeAnEmptyOkValuesListAcceptable() {
      HealthCheck check = check(Map.of("ok-values", List.of(), "error-values", List.of("False")));

      assertThat(check.check(node(condition("Ready", "True")), context()).isHealthy()).isTrue();
    }
  }

  @Nested
  class BadParams {

    @Test
    void unknownKeyIsRejectedWithTheNearestKnownKey() {
      assertThatThrownBy(() -> check(Map.of("tpyes", List.of("Ready"))))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("healthcheck.worker[0].params.tpyes")
          .hasMessageContaining("did you mean 'types'?");
    }

    @Test
    void unhealthyDurationIsNotAKeyOfTheFactoryBecauseTheEngineStripsIt() {
      assertThatThrownBy(() -> check(Map.of("unhealthy-duration", "5m")))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("unhealthy-duration");
    }

    @Test
    void aMapWhereAListIsExpectedIsRejectedNamingKeyAndValue() {
      assertThatThrownBy(() -> check(Map.of("types", List.of(Map.of("name", "Ready")))))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("healthcheck.worker[0].params.types")
          .hasMessageContaining("a list of strings");
    }

    @Test
    void aLoneNumberAsTypesIsRejectedInsteadOfWatchingAConditionNamedAfterIt() {
      // types: 42 was once read as [42], a condition no node reports, so every node was "unknown".
      assertThatThrownBy(() -> check(Map.of("types", 42)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("healthcheck.worker[0].params.types: value '42' is not allowed")
          .hasMessageContaining("a list of strings, such as [Ready]");
    }

    @Test
    void aLoneConditionNameOrStatusIsStillAListOfOne() {
      HealthCheck check = check(Map.of("types", "Ready", "ok-values", Boolean.TRUE));

      assertThat(check.check(node(condition("Ready", "True")), context()).isHealthy()).isTrue();
      assertThat(check.check(node(condition("Ready", "False")), context()).isUnhealthy()).isTrue();
    }

    @Test
    void emptyTypesAreRejectedBecauseTheCheckWouldPassEveryNode() {
      assertThatThrownBy(() -> check(Map.of("types", List.of())))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("params.types")
          .hasMessageContaining("at least one condition type");
    }

    @Test
    void emptyOkValuesWithoutErrorValuesAreRejected() {
      assertThatThrownBy(() -> check(Map.of("ok-values", List.of())))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("params.ok-values")
          .hasMessageContaining("unless error-values is set");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("typos", "x");
      params.put("types", List.of());
      params.put("error-values", Map.of("a", "b"));

      assertThatThrownBy(() -> check(params))
          .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(3));
    }
  }
}
