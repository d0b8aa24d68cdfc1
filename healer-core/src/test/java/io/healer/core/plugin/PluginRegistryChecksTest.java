package io.healer.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.healer.api.NodeRole;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.api.config.Settings;
import io.healer.core.config.CheckConfig;
import io.healer.core.config.ConfigLoader;
import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.StubCheckFactories.Alpha;
import io.healer.core.plugin.StubCheckFactories.Beta;
import io.healer.core.plugin.StubCheckFactories.Exploding;
import io.healer.core.plugin.StubCheckFactories.MasterOnly;
import io.healer.core.plugin.StubCheckFactories.ParamsCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PluginRegistry#createChecks}: the configured checks, or every problem with them at once. */
class PluginRegistryChecksTest {

  private final PluginRegistry registry = PluginRegistry.builder().discover(false)
      .addCheckFactory(new Alpha()).addCheckFactory(new Beta())
      .addCheckFactory(new MasterOnly()).addCheckFactory(new Exploding())
      .build();

  private static HealerConfig config(String healthcheck) {
    return ConfigLoader.parse("cluster-name: prod\n" + healthcheck, "test.yaml");
  }

  private List<ConfigProblem> problems(HealerConfig config) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> registry.createChecks(config));
    assertThat(e).as("a ConfigException").isNotNull();
    return e.problems();
  }

  @Test
  void createsTheChecksOfEachRoleInConfigOrder() {
    Map<NodeRole, List<ConfiguredCheck>> checks = registry.createChecks(config("""
        healthcheck:
          master:
            - type: MasterOnly
          worker:
            - type: Beta
              params:
                unhealthy-duration: 2m
            - type: Alpha
              params:
                port: 8080
        """));

    assertThat(checks.get(NodeRole.MASTER)).extracting(ConfiguredCheck::type).containsExactly("MasterOnly");
    assertThat(checks.get(NodeRole.WORKER)).extracting(ConfiguredCheck::type).containsExactly("Beta", "Alpha");
    assertThat(checks.get(NodeRole.WORKER)).extracting(ConfiguredCheck::unhealthyDuration)
        .containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(5));
  }

  @Test
  void handsEachFactoryItsParamsWithoutUnhealthyDuration() {
    ConfiguredCheck check = registry.createChecks(config("""
        healthcheck:
          worker:
            - type: Alpha
              params:
                unhealthy-duration: 2m
                port: 8080
        """)).get(NodeRole.WORKER).get(0);

    Settings params = ((ParamsCheck) check.check()).params();
    assertThat(params.keys()).containsExactly("port");
    assertThat(params.path()).isEqualTo("healthcheck.worker[0].params");
  }

  @Test
  void alwaysAnswersForBothRoles() {
    Map<NodeRole, List<ConfiguredCheck>> checks = registry.createChecks(HealerConfig.builder("prod").build());

    assertThat(checks).containsOnlyKeys(NodeRole.MASTER, NodeRole.WORKER);
    assertThat(checks.values()).allSatisfy(list -> assertThat(list).isEmpty());
  }

  @Test
  void anUnknownTypeNamesTheInstalledTypesAndTheNearest() {
    ConfigProblem problem = problems(config("healthcheck:\n  worker:\n    - type: Alhpa\n")).get(0);

    assertThat(problem.key()).isEqualTo("healthcheck.worker[0].type");
    assertThat(problem.value()).contains("Alhpa");
    assertThat(problem.allowed())
        .contains("did you mean 'Alpha'?")
        .contains("installed: Alpha, Beta, Exploding, MasterOnly");
  }

  @Test
  void anUnknownTypeWithNoCheckInstalledSaysHowToInstallOne() {
    PluginRegistry empty = PluginRegistry.builder().discover(false).build();

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> empty.createChecks(config("healthcheck:\n  worker:\n    - type: NodeCondition\n")));

    assertThat(e.problems().get(0).allowed()).contains("none is installed", "healer-checks-standard");
  }

  @Test
  void theFactorysOwnProblemsKeepTheirFullPath() {
    List<ConfigProblem> problems = problems(config("""
        healthcheck:
          master:
            - type: Alpha
              params:
                prot: 8080
        """));

    assertThat(problems).extracting(ConfigProblem::key).containsExactly("healthcheck.master[0].params.prot");
    assertThat(problems.get(0).allowed()).contains("did you mean 'port'?");
  }

  @Test
  void paramsBuiltInCodeAreNamedWithTheirPlaceInConfigYaml() {
    HealerConfig config = HealerConfig.builder("prod")
        .workerChecks(List.of(new CheckConfig("Alpha", Duration.ofMinutes(1), Settings.of(Map.of("port", 0)))))
        .build();

    assertThat(problems(config)).extracting(ConfigProblem::key).containsExactly("healthcheck.worker[0].params.port");
  }

  @Test
  void aFactoryThatFailsIsReportedWithTheTypeAndTheExceptionClassButNotItsMessage() {
    ConfigProblem problem = problems(config("healthcheck:\n  worker:\n    - type: Exploding\n")).get(0);

    assertThat(problem.key()).isEqualTo("healthcheck.worker[0]");
    assertThat(problem.allowed())
        .contains("'Exploding'", Exploding.class.getName(), IllegalStateException.class.getName())
        .doesNotContain(Exploding.MESSAGE);
  }

  @Test
  void aCheckConfiguredForARoleItCannotJudgeIsReported() {
    // The Go healer logs a warning and silently drops such a check; healer refuses the config.
    ConfigProblem problem = problems(config("healthcheck:\n  worker:\n    - type: MasterOnly\n")).get(0);

    assertThat(problem.key()).isEqualTo("healthcheck.worker[0].type");
    assertThat(problem.allowed()).contains("can judge worker nodes", "only master nodes");
  }

  @Test
  void everyProblemOfEveryRoleIsReportedTogether() {
    List<ConfigProblem> problems = problems(config("""
        healthcheck:
          master:
            - type: Alpha
              params: {port: 0}
            - type: Beta
          worker:
            - type: Nope
            - type: Exploding
            - type: MasterOnly
        """));

    assertThat(problems).extracting(ConfigProblem::key).containsExactly(
        "healthcheck.master[0].params.port",
        "healthcheck.worker[0].type",
        "healthcheck.worker[1]",
        "healthcheck.worker[2].type");
  }

  @Test
  void theChecksOfABestEffortConfigAreNamedWithTheirPlaceInTheFile() {
    // The best-effort config leaves the malformed first entry out; the others keep their index.
    HealerConfig config = ConfigLoader.check("""
        cluster-name: prod
        healthcheck:
          worker:
            - Alpha
            - type: Alhpa
            - type: Exploding
        """, "test.yaml").bestEffort().orElseThrow();

    assertThat(problems(config)).extracting(ConfigProblem::key)
        .containsExactly("healthcheck.worker[1].type", "healthcheck.worker[2]");
  }

  @Test
  void theChecksOfARoleWhoseMonitorIsOffAreValidatedButNotReturned() {
    HealerConfig config = config("master-monitor-enabled: false\n"
        + "healthcheck:\n  master:\n    - type: Alpha\n  worker:\n    - type: Beta\n");

    Map<NodeRole, List<ConfiguredCheck>> checks = registry.createChecks(config);

    assertThat(checks.get(NodeRole.MASTER)).isEmpty();
    assertThat(checks.get(NodeRole.WORKER)).extracting(ConfiguredCheck::type).containsExactly("Beta");
  }

  @Test
  void aMistakeInTheChecksOfARoleWhoseMonitorIsOffIsStillReported() {
    HealerConfig config = config("worker-monitor-enabled: false\nhealthcheck:\n  worker:\n    - type: Alhpa\n");

    assertThat(problems(config)).extracting(ConfigProblem::key).containsExactly("healthcheck.worker[0].type");
  }
}
