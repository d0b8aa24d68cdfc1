package io.healer.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The table of keys is what the loader reads and what the builder checks. */
class ConfigKeysTest {

  @Test
  void everyDefaultWrittenAsTheTableShowsItIsReadBackAsThatDefault() {
    // Top-level keys one a line, a block's keys indented under it.
    Map<String, StringBuilder> lines = new LinkedHashMap<>();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      key.defaultValueText().ifPresent(value -> {
        String block = key.block().orElse("");
        lines.computeIfAbsent(block, b -> new StringBuilder(b.isEmpty() ? "" : b + ":\n"))
            .append(block.isEmpty() ? "" : "  ").append(key.simpleName()).append(": '").append(value).append("'\n");
      });
    }
    String yaml = "cluster-name: prod\n" + String.join("", lines.values()).replace("'[]'", "[]").replace("'{}'", "{}");

    ConfigReport report = ConfigLoader.check(yaml, "defaults.yaml");

    assertThat(report.problems()).as(yaml).isEmpty();
    HealerConfig defaults = HealerConfig.builder("prod").build();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      assertThat(key.describe(report.config())).as(key.name()).isEqualTo(key.describe(defaults));
    }
    assertThat(ConfigKeys.ALL.stream().filter(k -> k.defaultValue().isEmpty()).map(ConfigKey::name))
        .containsExactly("cluster-name", "kubernetes.api-host", "kubernetes.kubeconfig");
  }

  @Test
  void everyKeyHasItsHelpAndNoNameIsDeclaredTwice() {
    assertThat(ConfigKeys.ALL).allSatisfy(k -> assertThat(k.help()).as(k.name()).isNotBlank());
    assertThat(ConfigKeys.ALL.stream().collect(Collectors.groupingBy(ConfigKey::name, Collectors.counting())))
        .allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1));
  }

  @Test
  void aValueTheLoaderRefusesIsRefusedByTheBuilderNamingTheSameKey() {
    HealerConfig.Builder builder = HealerConfig.builder("prod");

    assertThatThrownBy(() -> builder.monitorInterval(Duration.ZERO))
        .hasMessage("monitor-interval must be longer than zero, was PT0S");
    assertThatThrownBy(() -> builder.repairBackoff(Duration.ofMinutes(-5)))
        .hasMessage("repair-backoff must not be negative, was PT-5M");
    assertThatThrownBy(() -> builder.maxRepairsInFlight(0))
        .hasMessage("max-repairs-in-flight must be a whole number from 1 to 10000, was 0");
    assertThatThrownBy(() -> builder.nodeGroupLabel(" ")).hasMessage("node-group-label must not be blank");
    assertThatThrownBy(() -> builder.pauseConfigMap(null)).hasMessage("pause-configmap");
    assertThat(ConfigLoader.check("cluster-name: prod\nmax-repairs-in-flight: 0\n", "t.yaml").problems())
        .extracting(p -> p.key() + ": " + p.allowed())
        .containsExactly("max-repairs-in-flight: a whole number from 1 to 10000");
  }

  @Test
  void theValidateSummaryShowsEveryKeyButTheProvidersBlockByItsValue() {
    HealerConfig config = HealerConfig.builder("prod").maxRepairsPerHour(12)
        .workerChecks(List.of(CheckConfig.of("NodeCondition"))).workerMonitorEnabled(false).build();

    assertThat(ConfigKeys.MAX_REPAIRS_PER_HOUR.describe(config)).isEqualTo("12");
    assertThat(ConfigKeys.MAX_REPAIRS_PER_HOUR.describe(HealerConfig.builder("prod").build())).isEqualTo("no ceiling");
    assertThat(ConfigKeys.HEALTHCHECK_WORKER.describe(config))
        .isEqualTo("NodeCondition (unhealthy after 5m), but worker-monitor-enabled is false");
    assertThat(ConfigKeys.KUBERNETES_API_HOST.describe(config)).isEqualTo("not set");
    assertThat(ConfigKeys.OPENSTACK.describe(config)).isEqualTo("handed to the provider, which validates it");
  }
}
