package io.healer.integration.operators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric names an expression reads, as {@link Queries#metricNames} finds them. */
class QueriesTest {

  @Test
  void findsTheMetricsAndNothingElse() {
    assertThat(Queries.metricNames("sum by (namespace, job, check) (rate(healer_checks_total{verdict=\"unknown\"}[10m]))"
        + " / sum by (check) (rate(healer_checks_total[10m])) > 0.2")).containsExactly("healer_checks_total");
    assertThat(Queries.metricNames("max by (instance) (healer_leader) * on(instance) group_left up offset 5m"))
        .containsExactly("healer_leader", "up");
    assertThat(Queries.metricNames("rate(healer_cycle_seconds_sum[1m]) / scalar(sum(rate(healer_cycle_seconds_count[1m])))"))
        .containsExactly("healer_cycle_seconds_count", "healer_cycle_seconds_sum");
  }

  @Test
  void aNameTheDaemonDoesNotExportIsFound() {
    assertThat(Queries.metricNames("sum(rate(healer_repairs_attempted_total{role=\"worker\"}[5m])) > 1e3"))
        .containsExactly("healer_repairs_attempted_total");
  }

  @Test
  void readsTheSampleNamesOfAnExposition() {
    assertThat(Queries.exported("""
        # HELP healer_leader 1 while this instance is the leader
        # TYPE healer_leader gauge
        healer_leader 1.0
        healer_cycle_seconds_count 3
        healer_checks_total{check="NodeCondition",role="worker",verdict="healthy"} 6.0
        """)).containsExactly("healer_checks_total", "healer_cycle_seconds_count", "healer_leader");
  }
}
