package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.healer.integration.operators.Prometheus;
import io.healer.integration.operators.Queries;
import io.healer.integration.support.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's alerts and dashboard against a real Prometheus (Debian's package) that scrapes a
 * running daemon on loopback, while that daemon repairs a worker whose kubelet died and the cloud
 * fails a call: every metric a rule or a panel names is one the daemon exports, every panel's query
 * returns data from the scrape, and every rule evaluates without error (the no-leader alert stays
 * quiet while the daemon leads). Prometheus is stopped at the end, pass or fail.
 */
@ExtendWith({RealKubernetesExtension.class, DaemonWorldExtension.class})
class AlertsAndDashboardOnPrometheusTest {

  @Test
  void prometheusScrapesTheDaemonAndEveryPanelAndAlertReadsWhatItExports(DaemonWorld world) {
    world.applyAccess(UnaryOperator.identity());
    HealerDaemon daemon = world.startLeader("healer-prometheus");

    try (Prometheus prometheus = Prometheus.start(world.dir().resolve("prometheus"), "127.0.0.1:" + daemon.port(),
        Queries.RULES)) {
      long started = System.nanoTime();
      // A cloud call that fails past the provider's retries, and a repair, so that every panel has
      // something to show.
      world.openstack.failNext("GET", ".*/clusters/[^/]+", 503, 6);
      world.kubelets.stopHeartbeat("worker-1");
      Wait.until("healer reboots worker-1's server", Duration.ofSeconds(120), () -> world.reboots(1) == 1);
      Wait.until("the daemon exports the failed cloud calls", Duration.ofSeconds(30),
          () -> daemon.metrics().contains("healer_cloud_failed_calls_total{"));

      Set<String> exported = Queries.exported(daemon.metrics());
      Map<String, String> alerts = Queries.alerts();
      Map<String, String> panels = Queries.dashboard("30s");
      List<String> unknown = new ArrayList<>();
      for (Map<String, String> queries : List.of(alerts, panels)) {
        queries.forEach((name, expr) -> {
          Set<String> names = Queries.metricNames(expr);
          assertThat(names).as("%s reads a metric: %s", name, expr).isNotEmpty();
          names.stream().filter(n -> !exported.contains(n)).forEach(n -> unknown.add(name + ": " + n));
        });
      }
      assertThat(unknown).as("metrics the daemon does not export (it exports %s)", exported).isEmpty();

      Wait.until("Prometheus scrapes the daemon (log " + prometheus.process().log() + ")", Duration.ofSeconds(30),
          () -> prometheus.query("up{job=\"healer\"} == 1").size() == 1);
      panels.forEach((panel, expr) -> Wait.until(panel + " returns data from the scrape: " + expr,
          Duration.ofSeconds(60), () -> !prometheus.query(expr).isEmpty()));

      Wait.until("every rule has been evaluated without error", Duration.ofSeconds(30), () -> {
        List<JsonObject> rules = rules(prometheus);
        return rules.size() == alerts.size() && rules.stream().allMatch(r -> r.get("health").getAsString().equals("ok"));
      });
      assertThat(rules(prometheus)).extracting(r -> r.get("name").getAsString())
          .containsExactlyInAnyOrderElementsOf(alerts.keySet());
      assertThat(rules(prometheus)).filteredOn(r -> r.get("name").getAsString().equals("HealerNoLeader"))
          .extracting(r -> r.get("state").getAsString()).containsExactly("inactive");
      System.out.printf("[prometheus] %d panel queries with data, %d rules ok, %.1f s from the first scrape%n",
          panels.size(), alerts.size(), (System.nanoTime() - started) / 1e9);
    }
  }

  private static List<JsonObject> rules(Prometheus prometheus) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement group : prometheus.ruleGroups()) {
      for (JsonElement rule : group.getAsJsonObject().getAsJsonArray("rules")) {
        out.add(rule.getAsJsonObject());
      }
    }
    return out;
  }
}
