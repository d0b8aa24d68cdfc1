package io.healer.integration.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.integration.support.Commands;
import org.junit.jupiter.api.Test;

/**
 * The alerts with the real promtool (Debian's Prometheus package): the rules file is valid, and
 * its unit tests (charts/healer/tests/healer-rules-test.yaml) pass: each alert fires when it should,
 * and not before its {@code for} nor in the healthy case.
 */
class PromtoolTest {

  @Test
  void theRulesFileIsValid() {
    Commands.Result check = Prometheus.promtool(Helm.chart(), "check", "rules", "files/healer-rules.yaml");
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + Queries.alerts().size() + " rules found");
  }

  @Test
  void theRulesUnitTestsPass() {
    Commands.Result test = Prometheus.promtool(Helm.chart().resolve("tests"), "test", "rules", "healer-rules-test.yaml");
    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void everyAlertIsUnitTested() throws java.io.IOException {
    String tests = java.nio.file.Files.readString(Helm.chart().resolve("tests/healer-rules-test.yaml"));
    for (String alert : Queries.alerts().keySet()) {
      assertThat(tests).as(alert).contains("alertname: " + alert);
    }
  }
}
