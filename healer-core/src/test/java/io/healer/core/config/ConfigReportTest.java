package io.healer.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.healer.api.NodeRole;
import io.healer.api.config.ConfigProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConfigLoader#check}: the problems {@link ConfigLoader#load} would throw, and a best-effort
 * config built from every part that is valid, for tools that go on validating.
 */
class ConfigReportTest {

  private static ConfigReport check(String yaml) {
    return ConfigLoader.check(yaml, "test.yaml");
  }

  private static HealerConfig bestEffort(String yaml) {
    ConfigReport report = check(yaml);
    assertThat(report.bestEffort()).as("a best-effort config for:\n%s", yaml).isPresent();
    return report.bestEffort().orElseThrow();
  }

  @Nested
  class AValidConfig {

    private final ConfigReport report = check("cluster-name: prod\nmonitor-interval: 30s\n");

    @Test
    void hasNoProblems() {
      assertThat(report.isValid()).isTrue();
      assertThat(report.problems()).isEmpty();
      assertThat(report.sourceName()).isEqualTo("test.yaml");
    }

    @Test
    void givesTheConfigLoadWouldReturn() {
      assertThat(report.config().clusterName()).isEqualTo("prod");
      assertThat(report.config().monitorInterval()).isEqualTo(Duration.ofSeconds(30));
      assertThat(report.bestEffort()).containsSame(report.config());
    }
  }

  @Nested
  class TheProblems {

    private static final String BAD = """
        dry-run: sometimes
        monitor-interval: 60
        healthcheck:
          worker:
            - params: {}
            - type: NodeCondition
              params:
                unhealthy-duration: 5
        max-unhealthy-workers: half
        colud-provider: openstack
        """;

    @Test
    void areThoseLoadThrowsInTheSameOrder() {
      ConfigFileException thrown = catchThrowableOfType(ConfigFileException.class,
          () -> ConfigLoader.parse(BAD, "test.yaml"));

      assertThat(check(BAD).problems()).containsExactlyElementsOf(thrown.problems());
      assertThat(check(BAD).problems()).extracting(ConfigProblem::key).containsExactly(
          "dry-run", "monitor-interval", "healthcheck.worker[0].type",
          "healthcheck.worker[1].params.unhealthy-duration", "max-unhealthy-workers", "colud-provider",
          "cluster-name");
    }

    @Test
    void makeConfigThrowThemAllAsLoadDoes() {
      ConfigReport report = check(BAD);

      ConfigFileException e = catchThrowableOfType(ConfigFileException.class, report::config);

      assertThat(report.isValid()).isFalse();
      assertThat(e.sourceName()).isEqualTo("test.yaml");
      assertThat(e.problems()).isEqualTo(report.problems());
    }

    @Test
    void overlappingLeaseTimingsAreReportedTogetherWithTheOthers() {
      ConfigReport report = check("""
          cluster-name: prod
          monitor-interval: 300
          leader-elect-lease-duration: 10s
          leader-elect-renew-deadline: 15s
          """);

      assertThat(report.problems()).extracting(ConfigProblem::key)
          .containsExactly("monitor-interval", "leader-elect-renew-deadline");
      assertThat(report.bestEffort().orElseThrow().leaseDuration()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void leaseTimingsAreNotComparedWhenOneOfThemIsItselfInvalid() {
      // The default lease duration (20s) would stand in for the bad one and make 30s look too long.
      ConfigReport report = check("""
          cluster-name: prod
          leader-elect-lease-duration: 60
          leader-elect-renew-deadline: 30s
          """);

      assertThat(report.problems()).extracting(ConfigProblem::key).containsExactly("leader-elect-lease-duration");
      assertThat(report.bestEffort()).isPresent();
    }
  }

  @Nested
  class TheBestEffortConfig {

    @Test
    void keepsTheDefaultOfEachInvalidValueAndReadsTheValidOnes() {
      HealerConfig config = bestEffort("""
          cluster-name: prod
          monitor-interval: 300
          dry-run: true
          check-delay-after-add: 2m
          max-repairs-in-flight: lots
          """);

      assertThat(config.clusterName()).isEqualTo("prod");
      assertThat(config.monitorInterval()).isEqualTo(HealerConfig.DEFAULT_MONITOR_INTERVAL);
      assertThat(config.dryRun()).isTrue();
      assertThat(config.checkDelayAfterAdd()).isEqualTo(Duration.ofMinutes(2));
      assertThat(config.maxRepairsInFlight()).isEqualTo(HealerConfig.builder("x").build().maxRepairsInFlight());
    }

    @Test
    void standsInForAMissingClusterNameWithAPlaceholderThatNeverPassesAsValid() {
      ConfigReport report = check("dry-run: true\n");

      assertThat(report.bestEffort().orElseThrow().clusterName()).isEqualTo(ConfigReport.PLACEHOLDER_CLUSTER_NAME);
      assertThat(report.isValid()).isFalse();
      assertThat(report.problems()).extracting(ConfigProblem::key).containsExactly("cluster-name");
    }

    @Test
    void leavesOutACheckEntryThatIsItselfMalformedAndKeepsTheOthersWithTheirPlaceInTheFile() {
      HealerConfig config = bestEffort("""
          cluster-name: prod
          healthcheck:
            worker:
              - NodeCondition
              - type: Endpoint
                parmas: {port: 6443}
              - type: NodeCondition
                params:
                  types: [Ready]
          """);

      assertThat(config.checks(NodeRole.WORKER)).singleElement().satisfies(check -> {
        assertThat(check.type()).isEqualTo("NodeCondition");
        assertThat(check.params().path()).isEqualTo("healthcheck.worker[2].params");
        assertThat(check.params().keys()).containsExactly("types");
      });
    }

    @Test
    void keepsACheckWithABadUnhealthyDurationAtTheDefaultSoItsOtherParamsAreStillJudged() {
      HealerConfig config = bestEffort("""
          cluster-name: prod
          healthcheck:
            master:
              - type: Endpoint
                params:
                  unhealthy-duration: 30
                  prot: 6443
          """);

      assertThat(config.checks(NodeRole.MASTER)).singleElement().satisfies(check -> {
        assertThat(check.unhealthyDuration()).isEqualTo(CheckConfig.DEFAULT_UNHEALTHY_DURATION);
        assertThat(check.params().keys()).containsExactly("prot");
      });
    }

    @Test
    void keepsTheProviderBlockForTheProviderToJudge() {
      HealerConfig config = bestEffort("""
          cluster-name: prod
          monitor-interval: 300
          openstack:
            auth-ur1: https://keystone.example.com:5000/v3
          """);

      assertThat(config.cloudProvider()).isEqualTo("openstack");
      assertThat(config.cloudSettings().path()).isEqualTo("openstack");
      assertThat(config.cloudSettings().keys()).containsExactly("auth-ur1");
    }

    @Test
    void keepsTheDefaultProviderWhenTheNamedOneIsOneOfHealersKeys() {
      HealerConfig config = bestEffort("cluster-name: prod\ncloud-provider: kubernetes\n");

      assertThat(config.cloudProvider()).isEqualTo(HealerConfig.DEFAULT_CLOUD_PROVIDER);
    }
  }

  @Nested
  class NothingReadable {

    @Test
    void aSyntaxErrorIsTheOnlyProblemEvenAfterOtherMistakes() {
      ConfigReport report = check("cluster-name: prod\nmonitor-interval: 300\ndry-run: true\n  region: x\n");

      assertThat(report.problems()).singleElement().satisfies(p -> {
        assertThat(p.key()).startsWith("line 4");
        assertThat(p.allowed()).startsWith("valid YAML");
      });
      assertThat(report.bestEffort()).isEmpty();
    }

    @Test
    void aDocumentThatIsNotAMapGivesNoConfig() {
      ConfigReport report = check("- cluster-name: prod\n");

      assertThat(report.problems()).extracting(ConfigProblem::key).containsExactly("(document)");
      assertThat(report.bestEffort()).isEmpty();
    }

    @Test
    void aMissingFileGivesNoConfig(@TempDir Path dir) {
      Path missing = dir.resolve("nope.yaml");

      ConfigReport report = ConfigLoader.check(missing);

      assertThat(report.sourceName()).isEqualTo(missing.toString());
      assertThat(report.problems()).singleElement().satisfies(p -> {
        assertThat(p.key()).isEqualTo("(file)");
        assertThat(p.allowed()).contains("NoSuchFileException");
      });
      assertThat(report.bestEffort()).isEmpty();
      assertThat(catchThrowableOfType(ConfigFileException.class, report::config).problems())
          .isEqualTo(report.problems());
    }

    @Test
    void aFileLargerThanTheLimitGivesNoConfig(@TempDir Path dir) throws Exception {
      Path big = dir.resolve("big.yaml");
      Files.writeString(big, "cluster-name: prod\n#" + "x".repeat(ConfigLoader.MAX_SIZE));

      ConfigReport report = ConfigLoader.check(big);

      assertThat(report.problems()).extracting(ConfigProblem::key).containsExactly("(file)");
      assertThat(report.bestEffort()).isEmpty();
    }
  }

  @Nested
  class Secrets {

    private static final String SECRET = "s3cr3t-Hunter2";

    @Test
    void aPasswordNeverAppearsInTheProblemsOrTheReport() {
      ConfigReport report = check("""
          monitor-interval: 300
          password: %s
          openstack:
            password: [%s]
          """.formatted(SECRET, SECRET));

      assertThat(report.problems()).extracting(ConfigProblem::key).containsExactly("monitor-interval", "password",
          "cluster-name");
      assertThat(report.problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain(SECRET));
      assertThat(report.toString()).doesNotContain(SECRET);
      assertThat(report.bestEffort().orElseThrow().toString()).doesNotContain(SECRET);
    }
  }
}
