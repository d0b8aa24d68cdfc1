package io.healer.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.NodeRole;
import io.healer.api.config.Settings;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ConfigLoader} reads from valid files; the problems it reports are in {@link ConfigLoaderProblemsTest}. */
class ConfigLoaderTest {

  private static HealerConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "test.yaml");
  }

  @Nested
  class TheGoSample {

    private final HealerConfig config = ConfigLoader.load(sample());

    @Test
    void readsTheTopLevelValuesOfTheManifestsConfigMap() {
      assertThat(config.clusterName()).isEqualTo("5f8a7e2c-3b1d-4c6e-9a0f-2d4b6c8e0a1f");
      assertThat(config.dryRun()).isFalse();
      assertThat(config.monitorInterval()).isEqualTo(Duration.ofSeconds(15));
      assertThat(config.checkDelayAfterAdd()).isEqualTo(Duration.ofMinutes(20));
      assertThat(config.leaderElect()).isTrue();
      assertThat(config.cloudProvider()).isEqualTo("openstack");
    }

    @Test
    void keepsGoDefaultsForKeysTheSampleLeavesOut() {
      assertThat(config.rebuildDelayAfterReboot()).isEqualTo(Duration.ofMinutes(5));
      assertThat(config.monitorEnabled(NodeRole.MASTER)).isTrue();
      assertThat(config.monitorEnabled(NodeRole.WORKER)).isTrue();
      assertThat(config.kubernetesApiHost()).isEmpty();
      assertThat(config.kubeconfig()).isEmpty();
    }

    @Test
    void readsTheMasterChecksInOrderWithTheirUnhealthyDurations() {
      List<CheckConfig> master = config.checks(NodeRole.MASTER);

      assertThat(master).extracting(CheckConfig::type).containsExactly("Endpoint", "NodeCondition");
      assertThat(master).extracting(CheckConfig::unhealthyDuration)
          .containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1));
    }

    @Test
    void handsTheParamsOnWithoutUnhealthyDurationAndWithTheirPath() {
      Settings endpoint = config.checks(NodeRole.MASTER).get(0).params();

      assertThat(endpoint.path()).isEqualTo("healthcheck.master[0].params");
      assertThat(endpoint.keys()).containsExactly("protocol", "port", "endpoints", "ok-codes");
      assertThat(endpoint.string("protocol")).contains("HTTPS");
      assertThat(endpoint.integer("port", 0, 1, 65535)).isEqualTo(6443);
      assertThat(endpoint.stringList("endpoints", List.of())).containsExactly("/healthz");
      assertThat(endpoint.integerList("ok-codes", List.of())).containsExactly(200);
    }

    @Test
    void readsTheWorkerCheck() {
      CheckConfig worker = config.checks(NodeRole.WORKER).get(0);

      assertThat(worker.type()).isEqualTo("NodeCondition");
      assertThat(worker.unhealthyDuration()).isEqualTo(Duration.ofMinutes(1));
      assertThat(worker.params().path()).isEqualTo("healthcheck.worker[0].params");
      assertThat(worker.params().stringList("ok-values", List.of())).containsExactly("True");
    }

    @Test
    void keepsTheOpenstackBlockOpaqueAsTheCloudSettings() {
      Settings openstack = config.cloudSettings();

      assertThat(openstack.path()).isEqualTo("openstack");
      assertThat(openstack.keys()).containsExactly("auth-url", "user-id", "project-id", "password", "region");
      assertThat(openstack.string("auth-url")).contains("https://keystone.example.com:5000/v3");
      assertThat(openstack.string("password")).contains("sample-Passw0rd");
    }

    @Test
    void neverPrintsTheOpenstackPassword() {
      assertThat(config.toString()).doesNotContain("sample-Passw0rd");
      assertThat(config.cloudSettings().toString()).doesNotContain("sample-Passw0rd");
    }

    private Path sample() {
      try {
        return Path.of(ConfigLoaderTest.class.getResource("/config/magnum-auto-healer-sample.yaml").toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Nested
  class Defaults {

    @Test
    void absentKeysTakeTheGoHealersDefaults() {
      HealerConfig config = parse("cluster-name: prod\n");

      // pkg/autohealing/config/config.go, NewConfig()
      assertThat(config.dryRun()).isFalse();
      assertThat(config.cloudProvider()).isEqualTo("openstack");
      assertThat(config.monitorInterval()).isEqualTo(Duration.ofSeconds(60));
      assertThat(config.monitorEnabled(NodeRole.MASTER)).isTrue();
      assertThat(config.monitorEnabled(NodeRole.WORKER)).isTrue();
      assertThat(config.leaderElect()).isTrue();
      assertThat(config.checkDelayAfterAdd()).isEqualTo(Duration.ofMinutes(10));
      assertThat(config.rebuildDelayAfterReboot()).isEqualTo(Duration.ofMinutes(5));
      assertThat(config.checks(NodeRole.MASTER)).isEmpty();
      assertThat(config.checks(NodeRole.WORKER)).isEmpty();
    }

    @Test
    void absentHealerKeysTakeTheBuildersDefaults() {
      HealerConfig config = parse("cluster-name: prod\n");
      HealerConfig defaults = HealerConfig.builder("prod").build();

      assertThat(config.healingEnabled()).isEqualTo(defaults.healingEnabled());
      for (NodeRole role : NodeRole.values()) {
        assertThat(config.maxUnhealthy(role)).isEqualTo(defaults.maxUnhealthy(role));
      }
      assertThat(config.stormCooldown()).isEqualTo(defaults.stormCooldown());
      assertThat(config.maxUnhealthyPerZone()).isEqualTo(UnhealthyLimit.percent(50));
      assertThat(config.maxRepairsPerHour()).as("no ceiling").isZero();
      assertThat(config.maxRepairsInFlight()).isEqualTo(defaults.maxRepairsInFlight());
      assertThat(config.maxRepairsInFlightPerGroup()).isEqualTo(defaults.maxRepairsInFlightPerGroup());
      assertThat(config.nodeGroupLabel()).isEqualTo(defaults.nodeGroupLabel());
      assertThat(config.repairRetries()).isEqualTo(defaults.repairRetries());
      assertThat(config.repairBackoff()).isEqualTo(defaults.repairBackoff());
      assertThat(config.repairTimeout()).isEqualTo(defaults.repairTimeout());
      assertThat(config.healthyDuration()).isEqualTo(defaults.healthyDuration());
      assertThat(config.checkTimeout()).isEqualTo(defaults.checkTimeout());
    }

    @Test
    void keysWithoutValueTakeTheDefaultAsInTheGoHealer() {
      HealerConfig config = parse("cluster-name: prod\ndry-run:\nmonitor-interval:\nhealthcheck:\nkubernetes:\n");

      assertThat(config.dryRun()).isFalse();
      assertThat(config.monitorInterval()).isEqualTo(Duration.ofSeconds(60));
      assertThat(config.checks(NodeRole.WORKER)).isEmpty();
    }

    @Test
    void aCheckWithoutParamsWaitsTheGoDefaultOf300sAndGetsEmptyParams() {
      HealerConfig config = parse("cluster-name: prod\nhealthcheck:\n  worker:\n    - type: NodeCondition\n");

      CheckConfig check = config.checks(NodeRole.WORKER).get(0);
      assertThat(check.unhealthyDuration()).isEqualTo(Duration.ofSeconds(300));
      assertThat(check.params().keys()).isEmpty();
      assertThat(check.params().path()).isEqualTo("healthcheck.worker[0].params");
    }

    @Test
    void readsAnEmptyCheckListAsNoChecks() {
      HealerConfig config = parse("cluster-name: prod\nhealthcheck:\n  master: []\n  worker: []\n");

      assertThat(config.checks(NodeRole.MASTER)).isEmpty();
      assertThat(config.checks(NodeRole.WORKER)).isEmpty();
    }

    @Test
    void withoutAProviderBlockTheCloudSettingsAreEmptyButNamed() {
      HealerConfig config = parse("cluster-name: prod\n");

      assertThat(config.cloudSettings().keys()).isEmpty();
      assertThat(config.cloudSettings().path()).isEqualTo("openstack");
    }
  }

  @Nested
  class GoKeys {

    @Test
    void readsEveryGoKey() {
      HealerConfig config = parse("""
          cluster-name: prod
          dry-run: true
          cloud-provider: openstack
          monitor-interval: 1h30m
          master-monitor-enabled: false
          worker-monitor-enabled: false
          leader-elect: false
          check-delay-after-add: 0s
          rebuild-delay-after-reboot: 7m
          kubernetes:
            api-host: https://10.0.0.1:6443
            kubeconfig: /etc/kubernetes/admin.conf
          """);

      assertThat(config.dryRun()).isTrue();
      assertThat(config.monitorInterval()).isEqualTo(Duration.ofMinutes(90));
      assertThat(config.monitorEnabled(NodeRole.MASTER)).isFalse();
      assertThat(config.monitorEnabled(NodeRole.WORKER)).isFalse();
      assertThat(config.leaderElect()).isFalse();
      assertThat(config.checkDelayAfterAdd()).isZero();
      assertThat(config.rebuildDelayAfterReboot()).isEqualTo(Duration.ofMinutes(7));
      assertThat(config.kubernetesApiHost()).contains("https://10.0.0.1:6443");
      assertThat(config.kubeconfig()).contains("/etc/kubernetes/admin.conf");
    }

    @Test
    void anEmptyApiHostMeansUnsetAsInTheGoHealer() {
      HealerConfig config = parse("cluster-name: prod\nkubernetes:\n  api-host: \"\"\n  kubeconfig: \"\"\n");

      assertThat(config.kubernetesApiHost()).isEmpty();
      assertThat(config.kubeconfig()).isEmpty();
    }

    @Test
    void acceptsBooleansWrittenAsStringsAsTheGoHealerDoes() {
      HealerConfig config = parse("cluster-name: prod\ndry-run: \"true\"\n");

      assertThat(config.dryRun()).isTrue();
    }

    @Test
    void takesTheProviderBlockFromTheKeyNamedByCloudProvider() {
      HealerConfig config = parse("""
          cluster-name: prod
          cloud-provider: webhook
          webhook:
            url: https://repair.example.com
          openstack:
            auth-url: https://keystone.example.com/v3
          """);

      assertThat(config.cloudProvider()).isEqualTo("webhook");
      assertThat(config.cloudSettings().path()).isEqualTo("webhook");
      assertThat(config.cloudSettings().keys()).containsExactly("url");
    }

    @Test
    void readsAClusterNameWrittenAsANumberAsText() {
      assertThat(parse("cluster-name: 1234\n").clusterName()).isEqualTo("1234");
    }
  }

  @Nested
  class HealerKeys {

    @Test
    void readsEveryHealerKey() {
      HealerConfig config = parse("""
          cluster-name: prod
          healing-enabled: false
          max-unhealthy-masters: 1
          max-unhealthy-workers: 25%
          storm-cooldown: 15m
          max-unhealthy-per-zone: 2
          max-repairs-per-hour: 12
          max-repairs-in-flight: 5
          max-repairs-in-flight-per-group: 2
          node-group-label: example.com/pool
          repair-retries: 0
          repair-backoff: 2m
          repair-timeout: 45m
          healthy-duration: 20m
          check-timeout: 3s
          """);

      assertThat(config.healingEnabled()).isFalse();
      assertThat(config.maxUnhealthy(NodeRole.MASTER)).isEqualTo(UnhealthyLimit.count(1));
      assertThat(config.maxUnhealthy(NodeRole.WORKER)).isEqualTo(UnhealthyLimit.percent(25));
      assertThat(config.stormCooldown()).isEqualTo(Duration.ofMinutes(15));
      assertThat(config.maxUnhealthyPerZone()).isEqualTo(UnhealthyLimit.count(2));
      assertThat(config.maxRepairsPerHour()).isEqualTo(12);
      assertThat(config.maxRepairsInFlight()).isEqualTo(5);
      assertThat(config.maxRepairsInFlightPerGroup()).isEqualTo(2);
      assertThat(config.nodeGroupLabel()).isEqualTo("example.com/pool");
      assertThat(config.repairRetries()).isZero();
      assertThat(config.repairBackoff()).isEqualTo(Duration.ofMinutes(2));
      assertThat(config.repairTimeout()).isEqualTo(Duration.ofMinutes(45));
      assertThat(config.healthyDuration()).isEqualTo(Duration.ofMinutes(20));
      assertThat(config.checkTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void readsTheKubernetesSideKeysWithTheGoHealersLeaseDefaults() {
      HealerConfig defaults = parse("cluster-name: prod\n");
      assertThat(defaults.drainEnabled()).isTrue();
      assertThat(defaults.drainTimeout()).isEqualTo(Duration.ofMinutes(10));
      assertThat(defaults.fenceBeforeRebuild()).isTrue();
      assertThat(defaults.fenceTimeout()).isEqualTo(Duration.ofMinutes(5));
      assertThat(defaults.leaseNamespace()).isEqualTo("kube-system");
      assertThat(defaults.leaseName()).isEqualTo("magnum-auto-healer");
      assertThat(defaults.leaseDuration()).isEqualTo(Duration.ofSeconds(20));
      assertThat(defaults.renewDeadline()).isEqualTo(Duration.ofSeconds(15));
      assertThat(defaults.retryPeriod()).isEqualTo(Duration.ofSeconds(5));
      assertThat(defaults.pauseConfigMap()).isEqualTo("healer-control");

      HealerConfig config = parse("""
          cluster-name: prod
          drain-enabled: false
          drain-timeout: 3m
          fence-before-rebuild: false
          fence-timeout: 90s
          leader-elect-lease-name: healer
          leader-elect-lease-namespace: ops
          leader-elect-lease-duration: 60s
          leader-elect-renew-deadline: 40s
          leader-elect-retry-period: 10s
          pause-configmap: healer-switch
          """);
      assertThat(config.drainEnabled()).isFalse();
      assertThat(config.drainTimeout()).isEqualTo(Duration.ofMinutes(3));
      assertThat(config.fenceBeforeRebuild()).isFalse();
      assertThat(config.fenceTimeout()).isEqualTo(Duration.ofSeconds(90));
      assertThat(config.leaseName()).isEqualTo("healer");
      assertThat(config.leaseNamespace()).isEqualTo("ops");
      assertThat(config.leaseDuration()).isEqualTo(Duration.ofSeconds(60));
      assertThat(config.renewDeadline()).isEqualTo(Duration.ofSeconds(40));
      assertThat(config.retryPeriod()).isEqualTo(Duration.ofSeconds(10));
      assertThat(config.pauseConfigMap()).isEqualTo("healer-switch");
    }

    @Test
    void refusesLeaseTimingsThatLetTwoLeadersOverlap() {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(
              "cluster-name: prod\nleader-elect-lease-duration: 10s\nleader-elect-renew-deadline: 15s\n"))
          .isInstanceOf(ConfigFileException.class).hasMessageContaining("leader-elect-renew-deadline");
    }

    @Test
    void refusesAFencingKeyThatIsNotAFlagOrAPositiveDuration() {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(
              "cluster-name: prod\nfence-before-rebuild: maybe\nfence-timeout: 0s\n"))
          .isInstanceOf(ConfigFileException.class)
          .hasMessageContaining("fence-before-rebuild").hasMessageContaining("maybe")
          .hasMessageContaining("fence-timeout");
    }

    @Test
    void readsTheSecondOpinionKeysWithTheirDefaults() {
      HealerConfig defaults = parse("cluster-name: prod\n");
      assertThat(defaults.secondOpinion()).isTrue();
      assertThat(defaults.partitionMinSilent()).isEqualTo(3);
      assertThat(defaults.repairDeadServersAtOnce()).isFalse();

      HealerConfig config = parse("""
          cluster-name: prod
          second-opinion: false
          partition-min-silent: 5
          repair-dead-servers-at-once: true
          """);
      assertThat(config.secondOpinion()).isFalse();
      assertThat(config.partitionMinSilent()).isEqualTo(5);
      assertThat(config.repairDeadServersAtOnce()).isTrue();
    }

    @Test
    void refusesAPartitionThresholdBelowTwoNamingKeyValueAndRange() {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(
              "cluster-name: prod\npartition-min-silent: 1\nrepair-dead-servers-at-once: soon\n"))
          .isInstanceOf(ConfigFileException.class)
          .hasMessageContaining("partition-min-silent").hasMessageContaining("2 to 10000")
          .hasMessageContaining("repair-dead-servers-at-once").hasMessageContaining("soon");
    }

    @Test
    void readsALimitWrittenAsAQuotedCount() {
      assertThat(parse("cluster-name: prod\nmax-unhealthy-workers: \"3\"\n").maxUnhealthy(NodeRole.WORKER))
          .isEqualTo(UnhealthyLimit.count(3));
    }
  }

  @Nested
  class YamlValues {

    @Test
    void keepsIdsAndPasswordsOfTheProviderBlockAsWritten() {
      // Under SnakeYAML's default YAML 1.1 rules these would become 83, false, a Date, true and
      // 750; the provider must get what the operator wrote.
      Settings openstack = parse("""
          cluster-name: prod
          openstack:
            domain-id: 0123
            password: no
            project-id: 2024-01-01
            user-id: 12e45
            region: on
            application-credential-id: 12:30
          """).cloudSettings();

      assertThat(openstack.raw("domain-id")).contains("0123");
      assertThat(openstack.raw("password")).contains("no");
      assertThat(openstack.raw("project-id")).contains("2024-01-01");
      assertThat(openstack.raw("user-id")).contains("12e45");
      assertThat(openstack.raw("region")).contains("on");
      assertThat(openstack.raw("application-credential-id")).contains("12:30");
    }

    @Test
    void readsNumbersBooleansAndNullsAsYaml12Does() {
      Settings openstack = parse("""
          cluster-name: prod
          openstack:
            port: 5000
            ratio: 0.5
            hex: 0x1F
            insecure: true
            ca-file: ~
          """).cloudSettings();

      assertThat(openstack.raw("port")).contains(5000);
      assertThat(openstack.raw("ratio")).contains(0.5);
      assertThat(openstack.raw("hex")).contains(31);
      assertThat(openstack.raw("insecure")).contains(true);
      assertThat(openstack.has("ca-file")).isTrue();
      assertThat(openstack.raw("ca-file")).isEmpty();
    }

    @Test
    void nestedValuesCannotBeChangedByAPlugin() {
      Settings params = parse("""
          cluster-name: prod
          healthcheck:
            worker:
              - type: NodeCondition
                params:
                  types: [Ready]
                  extra: {a: 1}
          """).checks(NodeRole.WORKER).get(0).params();

      Object types = params.raw("types").orElseThrow();
      Object extra = params.raw("extra").orElseThrow();
      assertThat(types).isInstanceOf(List.class);
      assertThat(extra).isInstanceOf(java.util.Map.class);
      assertThatThrownBy(() -> ((List<?>) types).clear()).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> ((java.util.Map<?, ?>) extra).clear())
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void sharesParamsBetweenChecksThroughAnchorsAndMergeKeys() {
      HealerConfig config = parse("""
          cluster-name: prod
          healthcheck:
            master:
              - type: NodeCondition
                params: &ready
                  unhealthy-duration: 2m
                  types: [Ready]
            worker:
              - type: NodeCondition
                params:
                  <<: *ready
                  unhealthy-duration: 5m
          """);

      CheckConfig worker = config.checks(NodeRole.WORKER).get(0);
      assertThat(worker.unhealthyDuration()).isEqualTo(Duration.ofMinutes(5));
      assertThat(worker.params().stringList("types", List.of())).containsExactly("Ready");
      assertThat(config.checks(NodeRole.MASTER).get(0).unhealthyDuration()).isEqualTo(Duration.ofMinutes(2));
    }
  }

  @Nested
  class FromFiles {

    @Test
    void loadsAFile(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("config.yaml");
      Files.writeString(file, "cluster-name: prod\nmonitor-interval: 45s\n");

      assertThat(ConfigLoader.load(file).monitorInterval()).isEqualTo(Duration.ofSeconds(45));
    }
  }
}
