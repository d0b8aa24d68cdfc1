package io.healer.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  @ParameterizedTest
  @CsvSource({"300s,PT5M", "5m,PT5M", "1h30m,PT1H30M", "1.5h,PT1H30M", "500ms,PT0.5S", "0,PT0S", "2m30s,PT2M30S",
      "10m0s,PT10M", "1h0m0s,PT1H"})
  void readsDurationsAsGoWritesThem(String text, String expected) {
    assertThat(Settings.of(Map.of("d", text)).duration("d", Duration.ZERO)).isEqualTo(Duration.parse(expected));
  }

  @Test
  void refusesANumberWithoutAUnitAndSuggestsSeconds() {
    // The Go healer reads `unhealthy-duration: 300` as 300 nanoseconds without a word; we refuse it.
    Settings s = Settings.of("healthcheck.worker[0].params", Map.of("unhealthy-duration", 300));
    assertThatThrownBy(() -> s.duration("unhealthy-duration", Duration.ZERO))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("healthcheck.worker[0].params.unhealthy-duration")
        .hasMessageContaining("'300'")
        .hasMessageContaining("did you mean 300s?");
  }

  @Test
  void refusesGarbageDurations() {
    for (String bad : List.of("5 minutes", "-5m", "m", "5x", "")) {
      assertThatThrownBy(() -> Settings.of(Map.of("d", bad)).duration("d", Duration.ZERO))
          .as(bad).isInstanceOf(ConfigException.class);
    }
  }

  @Test
  void refusesANegativeDurationAsNotPositiveRatherThanAsMissingAUnit() {
    // Go's ParseDuration takes -30s; no healer duration can mean anything below zero.
    assertThatThrownBy(() -> Settings.of("p", Map.of("d", "-30s")).duration("d", Duration.ZERO))
        .hasMessage("invalid configuration: p.d: value '-30s' is not allowed; must be positive, such as 30s, 5m,"
            + " 1h30m or 500ms");
  }

  @Test
  void refusesALoneNumberOrBooleanWhereAListOfStringsIsExpected() {
    for (Object lone : List.of(42, true, 1.5)) {
      assertThatThrownBy(() -> Settings.of("p", Map.of("types", lone)).stringList("types", List.of()))
          .as("%s", lone).hasMessage("invalid configuration: p.types: value '" + lone + "' is not allowed;"
              + " a list of strings, such as [Ready]");
    }
    // A lone string is still a list of one, and a number written inside a list is its text, as in Go.
    assertThat(Settings.of(Map.of("types", "42")).stringList("types", List.of())).containsExactly("42");
    assertThat(Settings.of(Map.of("types", List.of(42))).stringList("types", List.of())).containsExactly("42");
  }

  @Test
  void reportsEveryUnknownKeyAtOnce() {
    Settings s = Settings.of("p", Map.of("typez", 1, "ok-valus", 2, "types", 3));
    assertThatThrownBy(() -> s.requireOnlyKeys(List.of("types", "ok-values")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .extracting(ConfigProblem::key).containsExactlyInAnyOrder("p.typez", "p.ok-valus"));
  }

  @Test
  void readsTypedValuesWithDefaults() {
    Settings s = Settings.of(Map.of("port", "6443", "on", "true", "codes", List.of(200, "204"), "types", "Ready"));
    assertThat(s.integer("port", 1, 1, 65535)).isEqualTo(6443);
    assertThat(s.integer("missing", 7, 1, 10)).isEqualTo(7);
    assertThat(s.bool("on", false)).isTrue();
    assertThat(s.integerList("codes", List.of())).containsExactly(200, 204);
    assertThat(s.stringList("types", List.of())).containsExactly("Ready");
    assertThat(s.string("missing", "x")).isEqualTo("x");
  }

  @Test
  void namesTheKeyTheValueAndTheRangeOfABadNumber() {
    assertThatThrownBy(() -> Settings.of("p", Map.of("port", "abc")).integer("port", 1, 1, 65535))
        .hasMessage("invalid configuration: p.port: value 'abc' is not allowed; a whole number from 1 to 65535");
  }

  @Test
  void neverPrintsSecretValues() {
    Settings s = Settings.of("openstack", Map.of("password", "hunter2", "username", "admin"));
    assertThat(s.toString()).doesNotContain("hunter2").contains("password=<redacted>").contains("username=admin");
    assertThatThrownBy(() -> s.integer("password", 0, 0, 1)).hasMessageNotContaining("hunter2");
  }

  @Test
  void neverPrintsNestedBlocksWhichMayHoldSecrets() {
    Settings s = Settings.of("openstack", Map.of("auth", Map.of("password", "hunter2"), "list", List.of("hunter3")));
    assertThat(s.toString()).doesNotContain("hunter2").doesNotContain("hunter3");
    assertThatThrownBy(() -> s.string("auth")).hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> s.integer("list", 0, 0, 1)).hasMessageNotContaining("hunter3");
  }

  @Test
  void nestedBlocksKeepTheirPath() {
    Settings s = Settings.of("root", Map.of("kubernetes", Map.of("api-host", 5)));
    assertThat(s.nested("kubernetes").pathOf("api-host")).isEqualTo("root.kubernetes.api-host");
    assertThatThrownBy(() -> s.nested("missing").requiredString("x")).hasMessageContaining("root.missing.x");
  }
}
