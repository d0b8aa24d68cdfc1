package io.healer.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.healer.api.NodeRole;
import io.healer.api.check.CheckId;
import io.healer.api.config.ConfigProblem;
import io.healer.api.config.Settings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The optional {@code name} param that every check accepts, and the identities it gives. */
@DisplayName("A check's name param")
class CheckNameConfigTest {

  private static final String TWO_ENDPOINTS = """
      cluster-name: prod
      healthcheck:
        worker:
          - type: NodeCondition
          - type: Endpoint
            params:
              name: %s
              port: 10248
          - type: Endpoint
            params:
              name: %s
              port: 6443
      """;

  private static List<ConfigProblem> problems(String yaml) {
    ConfigFileException e =
        catchThrowableOfType(ConfigFileException.class, () -> ConfigLoader.parse(yaml, "test.yaml"));
    assertThat(e).as("a ConfigFileException for:\n%s", yaml).isNotNull();
    return e.problems();
  }

  @Test
  void isReadByTheEngineAndNotHandedToTheCheck() {
    HealerConfig config = ConfigLoader.parse(TWO_ENDPOINTS.formatted("kubelet", "\" api-server \""), "test.yaml");

    List<CheckConfig> checks = config.checks(NodeRole.WORKER);
    assertThat(checks).extracting(CheckConfig::name).containsExactly(null, "kubelet", "api-server");
    assertThat(checks.get(1).params().keys()).containsExactly("port");
    assertThat(CheckNames.identities(checks)).extracting(CheckId::display)
        .containsExactly("NodeCondition", "kubelet", "api-server");
  }

  @Test
  void checksWithoutNamesAreShownByTypeOrByTypeAndPosition() {
    HealerConfig config = ConfigLoader.parse("""
        cluster-name: prod
        healthcheck:
          worker:
            - type: NodeCondition
            - type: Endpoint
            - type: Endpoint
              params:
                unhealthy-duration: 1m
        """, "test.yaml");

    List<CheckId> ids = CheckNames.identities(config.checks(NodeRole.WORKER));
    assertThat(ids).extracting(CheckId::display).containsExactly("NodeCondition", "Endpoint#2", "Endpoint#3");
    assertThat(ids).extracting(CheckId::position).containsExactly(1, 2, 3);
    assertThat(ids.get(2).name()).isEmpty();
  }

  @Test
  void aNameTwiceOnOneRoleIsRefusedAtTheSecondWithTheRule() {
    ConfigProblem problem = problems(TWO_ENDPOINTS.formatted("kubelet", "kubelet")).get(0);

    assertThat(problem.key()).isEqualTo("healthcheck.worker[2].params.name");
    assertThat(problem.value()).contains("kubelet");
    assertThat(problem.allowed()).contains("unique among the role's checks").contains("an earlier check");
  }

  @Test
  void theSameNameOnBothRolesIsFine() {
    HealerConfig config = ConfigLoader.parse("""
        cluster-name: prod
        healthcheck:
          master:
            - type: Endpoint
              params: {name: kubelet}
          worker:
            - type: Endpoint
              params: {name: kubelet}
        """, "test.yaml");

    assertThat(config.checks(NodeRole.MASTER).get(0).name()).isEqualTo("kubelet");
    assertThat(config.checks(NodeRole.WORKER).get(0).name()).isEqualTo("kubelet");
  }

  @Test
  void aNameThatLooksLikeAnotherCheckIsRefused() {
    assertThat(problems(TWO_ENDPOINTS.formatted("NodeCondition", "api-server")))
        .singleElement().satisfies(p -> {
          assertThat(p.key()).isEqualTo("healthcheck.worker[1].params.name");
          assertThat(p.allowed()).contains("the type of a check of the role");
        });
    assertThat(problems(TWO_ENDPOINTS.formatted("kubelet", "\"Endpoint#2\"")))
        .singleElement().satisfies(p -> {
          assertThat(p.key()).isEqualTo("healthcheck.worker[2].params.name");
          assertThat(p.value()).contains("Endpoint#2");
          assertThat(p.allowed()).contains("has a '#'");
        });
  }

  @Test
  void anEmptyOrNonTextNameIsRefused() {
    assertThat(problems(TWO_ENDPOINTS.formatted("\"  \"", "api-server"))).singleElement()
        .satisfies(p -> {
          assertThat(p.key()).isEqualTo("healthcheck.worker[1].params.name");
          assertThat(p.allowed()).isEqualTo(CheckNames.ALLOWED);
        });
    assertThat(problems(TWO_ENDPOINTS.formatted("[kubelet]", "api-server"))).singleElement()
        .satisfies(p -> {
          assertThat(p.key()).isEqualTo("healthcheck.worker[1].params.name");
          assertThat(p.allowed()).contains("a non-empty string").contains("found a list");
        });
  }

  @Test
  void theBestEffortConfigDropsARefusedNameAndKeepsTheCheck() {
    ConfigReport report = ConfigLoader.check(TWO_ENDPOINTS.formatted("kubelet", "kubelet"), "test.yaml");

    assertThat(report.problems()).hasSize(1);
    assertThat(report.bestEffort().orElseThrow().checks(NodeRole.WORKER)).extracting(CheckConfig::name)
        .containsExactly(null, "kubelet", null);
  }

  @Test
  void aConfigBuiltInCodeIsHeldToTheSameRule() {
    CheckConfig kubelet = new CheckConfig("Endpoint", Duration.ofMinutes(1), "kubelet", Settings.empty());

    assertThatThrownBy(() -> HealerConfig.builder("prod").workerChecks(List.of(kubelet, kubelet)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("check 2 (Endpoint) is named 'kubelet'")
        .hasMessageContaining(CheckNames.ALLOWED);
    assertThatThrownBy(() -> CheckConfig.of("Endpoint").withName(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
