package io.healer.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The problems {@link ConfigLoader} reports: each names the key, the value and what is allowed. */
class ConfigLoaderProblemsTest {

  private static ConfigFileException failure(String yaml) {
    return catchThrowableOfType(ConfigFileException.class, () -> ConfigLoader.parse(yaml, "test.yaml"));
  }

  private static List<ConfigProblem> problems(String yaml) {
    ConfigFileException e = failure(yaml);
    assertThat(e).as("a ConfigFileException for:\n%s", yaml).isNotNull();
    return e.problems();
  }

  private static ConfigProblem onlyProblem(String yaml) {
    List<ConfigProblem> problems = problems(yaml);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  @Nested
  class UnknownKeys {

    @Test
    void anUnknownTopLevelKeyNamesTheNearestKnownKey() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\nmonitor-intervall: 30s\n");

      assertThat(problem.key()).isEqualTo("monitor-intervall");
      assertThat(problem.allowed()).contains("did you mean 'monitor-interval'?");
    }

    @Test
    void aMisspelledProviderBlockNamesTheProvidersKey() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\nopenstak:\n  region: RegionOne\n");

      assertThat(problem.key()).isEqualTo("openstak");
      assertThat(problem.allowed()).contains("did you mean 'openstack'?");
    }

    @Test
    void unknownKeysInsideKubernetesHealthcheckAndCheckEntriesAreNamedWithTheirPath() {
      List<ConfigProblem> problems = problems("""
          cluster-name: prod
          kubernetes:
            api-hots: https://10.0.0.1:6443
          healthcheck:
            wroker: []
            master:
              - type: NodeCondition
                parmas: {}
          """);

      assertThat(problems).extracting(ConfigProblem::key).containsExactly(
          "kubernetes.api-hots", "healthcheck.wroker", "healthcheck.master[0].parmas");
      assertThat(problems).extracting(ConfigProblem::allowed).satisfiesExactly(
          a -> assertThat(a).contains("'api-host'"),
          a -> assertThat(a).contains("'worker'"),
          a -> assertThat(a).contains("'params'"));
    }

    @Test
    void keysAreCaseSensitiveButTheSuggestionFindsTheRightCase() {
      // Viper lower-cases keys, so the Go healer accepts Dry-Run; healer asks for the key as documented.
      ConfigProblem problem = onlyProblem("cluster-name: prod\nDry-Run: true\n");

      assertThat(problem.allowed()).contains("did you mean 'dry-run'?");
    }

    @Test
    void theParamsOfACheckAreLeftToItsFactory() {
      assertThat(ConfigLoader.parse("""
          cluster-name: prod
          healthcheck:
            worker:
              - type: NoSuchCheck
                params:
                  anything: goes
          """, "test.yaml").checks(io.healer.api.NodeRole.WORKER)).hasSize(1);
    }
  }

  @Nested
  class Durations {

    @Test
    void aBareNumberIsRefusedWithASuggestionWhereTheGoHealerReadsNanoseconds() {
      // The Go healer decodes config.yaml with viper/mapstructure into time.Duration: a YAML integer
      // becomes that many nanoseconds, so "monitor-interval: 300" ticks every 300ns. healer refuses it.
      ConfigProblem problem = onlyProblem("cluster-name: prod\nmonitor-interval: 300\n");

      assertThat(problem.key()).isEqualTo("monitor-interval");
      assertThat(problem.value()).contains("300");
      assertThat(problem.allowed()).contains("did you mean 300s?");
    }

    @Test
    void aBareNumberAsUnhealthyDurationIsNamedWithTheParamsPath() {
      ConfigProblem problem = onlyProblem("""
          cluster-name: prod
          healthcheck:
            worker:
              - type: NodeCondition
                params:
                  unhealthy-duration: 300
          """);

      assertThat(problem.key()).isEqualTo("healthcheck.worker[0].params.unhealthy-duration");
      assertThat(problem.allowed()).contains("300s");
    }

    @Test
    void aNegativeDurationIsNamedAsNotPositiveNotAsMissingAUnit() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\nmonitor-interval: -30s\n");

      assertThat(problem.key()).isEqualTo("monitor-interval");
      assertThat(problem.allowed()).startsWith("must be positive").doesNotContain("with a unit");
    }

    @Test
    void aMalformedDurationNamesTheAcceptedForm() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\ncheck-delay-after-add: ten minutes\n");

      assertThat(problem.key()).isEqualTo("check-delay-after-add");
      assertThat(problem.value()).contains("ten minutes");
      assertThat(problem.allowed()).contains("5m");
    }

    @Test
    void aZeroMonitorIntervalIsRefused() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\nmonitor-interval: 0s\n");

      assertThat(problem.key()).isEqualTo("monitor-interval");
      assertThat(problem.allowed()).contains("longer than zero");
    }

    @Test
    void aNegativeDurationIsRefused() {
      assertThat(onlyProblem("cluster-name: prod\nrepair-backoff: -5m\n").key()).isEqualTo("repair-backoff");
    }

    @Test
    void aListWhereADurationBelongsIsRefused() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\nhealthy-duration: [5m]\n");

      assertThat(problem.key()).isEqualTo("healthy-duration");
      assertThat(problem.allowed()).contains("found a list");
    }
  }

  @Nested
  class BooleansAndNumbers {

    @Test
    void aWordThatIsNotTrueOrFalseIsRefused() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\ndry-run: maybe\n");

      assertThat(problem.key()).isEqualTo("dry-run");
      assertThat(problem.value()).contains("maybe");
      assertThat(problem.allowed()).isEqualTo("true or false");
    }

    @Test
    void yesIsNotABooleanAsInGosYamlReader() {
      // SnakeYAML's YAML 1.1 rules read "yes" as true; yaml.v3 behind viper keeps it a string and
      // mapstructure's ParseBool refuses it, so the Go healer fails on it too.
      assertThat(onlyProblem("cluster-name: prod\nleader-elect: yes\n").key()).isEqualTo("leader-elect");
    }

    @Test
    void countsOutsideTheirRangeOrNotWholeAreRefused() {
      List<ConfigProblem> problems = problems("""
          cluster-name: prod
          max-repairs-in-flight: 0
          max-repairs-in-flight-per-group: two
          repair-retries: -1
          """);

      assertThat(problems).extracting(ConfigProblem::key).containsExactly(
          "max-repairs-in-flight", "max-repairs-in-flight-per-group", "repair-retries");
      assertThat(problems.get(0).allowed()).contains("whole number from 1");
      assertThat(problems.get(1).value()).contains("two");
      assertThat(problems.get(2).allowed()).contains("from 0");
    }

    @Test
    void aFractionalCountIsRefused() {
      assertThat(onlyProblem("cluster-name: prod\nmax-repairs-in-flight: 2.5\n").value()).contains("2.5");
    }

    @Test
    void anUnhealthyLimitMustBeACountOrAPercentage() {
      List<ConfigProblem> problems = problems("""
          cluster-name: prod
          max-unhealthy-masters: lots
          max-unhealthy-workers: 150%
          """);

      assertThat(problems).extracting(ConfigProblem::key)
          .containsExactly("max-unhealthy-masters", "max-unhealthy-workers");
      assertThat(problems).allSatisfy(p -> assertThat(p.allowed()).contains("40%"));
      assertThat(problems.get(1).value()).contains("150%");
    }

    @Test
    void theCorrelatedFailureBrakesAreRefusedTogetherNamingKeyValueAndWhatIsAllowed() {
      List<ConfigProblem> problems = problems("""
          cluster-name: prod
          max-unhealthy-per-zone: half
          max-repairs-per-hour: -3
          """);

      assertThat(problems).extracting(ConfigProblem::key)
          .containsExactly("max-unhealthy-per-zone", "max-repairs-per-hour");
      assertThat(problems.get(0).value()).contains("half");
      assertThat(problems.get(0).allowed()).contains("percentage of the zone's nodes").contains("100% switches the rule off");
      assertThat(problems.get(1).value()).contains("-3");
      assertThat(problems.get(1).allowed()).contains("whole number from 0 to 10000");
    }
  }

  @Nested
  class RequiredValues {

    @Test
    void aMissingClusterNameIsReported() {
      ConfigProblem problem = onlyProblem("dry-run: true\n");

      assertThat(problem.key()).isEqualTo("cluster-name");
      assertThat(problem.allowed()).contains("required");
    }

    @Test
    void aBlankClusterNameIsReportedOnce() {
      assertThat(onlyProblem("cluster-name: \"  \"\n").key()).isEqualTo("cluster-name");
    }

    @Test
    void anEmptyDocumentLacksTheClusterName() {
      assertThat(onlyProblem("").key()).isEqualTo("cluster-name");
    }

    @Test
    void aCheckWithoutTypeIsReported() {
      ConfigProblem problem = onlyProblem("""
          cluster-name: prod
          healthcheck:
            worker:
              - params:
                  unhealthy-duration: 1m
          """);

      assertThat(problem.key()).isEqualTo("healthcheck.worker[0].type");
      assertThat(problem.allowed()).contains("check type is required");
    }

    @Test
    void aCheckTypeMustBeASingleValue() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\nhealthcheck:\n  master:\n    - type: [Endpoint]\n");

      assertThat(problem.key()).isEqualTo("healthcheck.master[0].type");
      assertThat(problem.allowed()).contains("found a list");
    }
  }

  @Nested
  class Shapes {

    @Test
    void aCheckWrittenAsAPlainNameIsReportedWithTheExpectedShape() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\nhealthcheck:\n  worker:\n    - NodeCondition\n");

      assertThat(problem.key()).isEqualTo("healthcheck.worker[0]");
      assertThat(problem.value()).contains("NodeCondition");
      assertThat(problem.allowed()).contains("{type: NodeCondition}");
    }

    @Test
    void theChecksOfARoleMustBeAList() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\nhealthcheck:\n  worker:\n    type: NodeCondition\n");

      assertThat(problem.key()).isEqualTo("healthcheck.worker");
      assertThat(problem.allowed()).contains("a list of checks");
    }

    @Test
    void paramsMustBeABlockOfKeys() {
      ConfigProblem problem = onlyProblem(
          "cluster-name: prod\nhealthcheck:\n  worker:\n    - type: NodeCondition\n      params: [Ready]\n");

      assertThat(problem.key()).isEqualTo("healthcheck.worker[0].params");
    }

    @Test
    void aDocumentThatIsNotAMapIsReported() {
      ConfigProblem problem = onlyProblem("- cluster-name: prod\n");

      assertThat(problem.key()).isEqualTo("(document)");
      assertThat(problem.allowed()).contains("found a list");
    }

    @Test
    void aProviderNameThatIsOneOfHealersKeysIsRefused() {
      assertThat(onlyProblem("cluster-name: prod\ncloud-provider: kubernetes\n").key()).isEqualTo("cloud-provider");
    }
  }

  @Nested
  class Yaml {

    @Test
    void aSyntaxErrorNamesLineAndColumn() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\ndry-run: true\n  monitor-interval: 30s\n");

      assertThat(problem.key()).isEqualTo("line 3, column 19");
      assertThat(problem.allowed()).startsWith("valid YAML; mapping values are not allowed here");
    }

    @Test
    void aDuplicateKeyIsRefusedAsInGosYamlReader() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\ndry-run: true\ndry-run: false\n");

      assertThat(problem.key()).startsWith("line 3");
      assertThat(problem.allowed()).contains("duplicate key dry-run");
    }

    @Test
    void javaTypesAreNeverConstructed() {
      ConfigProblem problem = onlyProblem("cluster-name: !!java.io.File /etc/passwd\n");

      assertThat(problem.allowed()).contains("valid YAML");
    }

    @Test
    void anAliasBombIsRefused() {
      StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
      for (int i = 1; i < 10; i++) {
        yaml.append("a").append(i).append(": &a").append(i).append(" [");
        yaml.append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
      }

      assertThat(failure(yaml.toString()).getMessage()).contains("aliases");
    }

    @Test
    void anAnchorUsedInsideItsOwnValueIsRefusedAsInGosYamlReader() {
      ConfigProblem problem = onlyProblem("cluster-name: prod\nopenstack:\n  loop: &loop [a, *loop]\n");

      assertThat(problem.key()).isEqualTo("(document)");
      assertThat(problem.allowed()).contains("anchors are not used inside their own value");
    }

    @Test
    void aDocumentLargerThanTheLimitIsRefusedBeforeParsing() {
      String yaml = "cluster-name: prod\n#" + "x".repeat(ConfigLoader.MAX_SIZE) + "\n";

      assertThat(onlyProblem(yaml).key()).isEqualTo("(document)");
    }
  }

  @Nested
  class Files {

    @Test
    void aMissingFileIsReportedWithItsName(@TempDir Path dir) {
      Path missing = dir.resolve("nope.yaml");

      assertThatThrownBy(() -> ConfigLoader.load(missing))
          .isInstanceOf(ConfigFileException.class)
          .hasMessageContaining(missing.toString())
          .hasMessageContaining("NoSuchFileException");
    }

    @Test
    void aFileLargerThanTheLimitIsRefused(@TempDir Path dir) throws Exception {
      Path big = dir.resolve("big.yaml");
      java.nio.file.Files.writeString(big, "#" + "x".repeat(ConfigLoader.MAX_SIZE));

      ConfigFileException e = catchThrowableOfType(ConfigFileException.class, () -> ConfigLoader.load(big));
      assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("(file)");
    }

    @Test
    void aFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws Exception {
      Path latin1 = dir.resolve("latin1.yaml");
      java.nio.file.Files.write(latin1, new byte[] {'c', ':', ' ', (byte) 0xE9, '\n'});

      ConfigFileException e = catchThrowableOfType(ConfigFileException.class, () -> ConfigLoader.load(latin1));
      assertThat(e.problems().get(0).allowed()).contains("UTF-8");
    }
  }

  @Nested
  class AllAtOnce {

    @Test
    void everyProblemIsReportedTogetherInFileOrder() {
      ConfigFileException e = failure("""
          dry-run: sometimes
          monitor-interval: 60
          healthcheck:
            worker:
              - params: {}
          max-unhealthy-workers: half
          colud-provider: openstack
          """);

      assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly(
          "dry-run", "monitor-interval", "healthcheck.worker[0].type", "max-unhealthy-workers",
          "colud-provider", "cluster-name");
      assertThat(e.sourceName()).isEqualTo("test.yaml");
      assertThat(e.getMessage())
          .startsWith("invalid configuration in test.yaml (6 problems):")
          .contains("  - dry-run: value 'sometimes' is not allowed; true or false");
    }

    @Test
    void isAConfigExceptionSoCallersHandleItLikePluginProblems() {
      assertThat(failure("dry-run: true\n")).isInstanceOf(ConfigException.class);
    }
  }

  @Nested
  class Secrets {

    private static final String SECRET = "s3cr3t-Hunter2";

    private void assertNoLeak(String yaml) {
      ConfigFileException e = failure(yaml);
      assertThat(e).isNotNull();
      assertThat(e.getMessage()).doesNotContain(SECRET);
      assertThat(e.toString()).doesNotContain(SECRET);
      assertThat(e.problems()).allSatisfy(p -> {
        assertThat(p.toString()).doesNotContain(SECRET);
        assertThat(p.value()).isEmpty();
      });
    }

    @Test
    void aWrongTypedPasswordReachesTheProviderWithoutShowingItsValue() {
      HealerConfig config = ConfigLoader.parse(
          "cluster-name: prod\nopenstack:\n  password: [" + SECRET + "]\n", "test.yaml");

      ConfigException e = catchThrowableOfType(ConfigException.class,
          () -> config.cloudSettings().string("password"));
      assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("openstack.password");
      assertThat(e.getMessage()).doesNotContain(SECRET).contains("<redacted>");
      assertThat(config.toString()).doesNotContain(SECRET);
      assertThat(config.cloudSettings().toString()).doesNotContain(SECRET);
    }

    @Test
    void aPasswordPutAtTheTopLevelIsReportedWithoutItsValue() {
      assertNoLeak("cluster-name: prod\npassword: " + SECRET + "\n");
    }

    @Test
    void aProviderBlockWrittenAsAListIsReportedWithoutItsContent() {
      assertNoLeak("cluster-name: prod\nopenstack:\n  - password: " + SECRET + "\n");
    }

    @Test
    void aBlockWhereAFlagBelongsIsReportedWithoutItsContent() {
      assertNoLeak("cluster-name: prod\ndry-run:\n  application-credential-secret: " + SECRET + "\n");
    }

    @Test
    void aSyntaxErrorOnThePasswordLineDoesNotQuoteTheLine() {
      assertNoLeak("cluster-name: prod\nopenstack:\n  password: " + SECRET + ": oops\n");
    }

    @Test
    void aValueThatCannotBeBuiltDoesNotQuoteIt() {
      assertNoLeak("cluster-name: prod\nopenstack:\n  password: !!timestamp " + SECRET + "\n");
    }

    @Test
    void aSecretInAnUnknownKubernetesKeyIsNotShown() {
      assertNoLeak("cluster-name: prod\nkubernetes:\n  token: " + SECRET + "\n");
    }
  }
}
