package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckCommandTest {

  private static final String CONFIG = Resources.path("/config/fake-cluster.yaml");

  private final FakeConnector fake = new FakeConnector();

  @Test
  void tableShowsEachNodesVerdictsAndWhatWouldBeRepairedButRepairsNothing() {
    fake.cluster.killKubelet("worker-2");
    fake.clock.advance(Duration.ofMinutes(5));

    Cli.Result result = new Cli().connector(fake).run("check", "--config", CONFIG);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().lines()).first().asString().matches("NODE +ROLE +CHECK +VERDICT +DETAIL");
    assertThat(result.out())
        .containsPattern("master-1 +master +Endpoint +unknown +\\S")
        .containsPattern("master-1 +master +NodeCondition +healthy")
        .containsPattern("worker-2 +worker +NodeCondition +unhealthy +.*\\(unhealthy since 2026-01-01T00:00:00Z;"
            + " repair due at 2026-01-01T00:01:00Z\\)")
        .contains("Would repair worker-2: would reboot the node (attempt 1)")
        .contains("6 nodes, 0 unhealthy masters, 1 unhealthy workers, 3 unknown verdicts at 2026-01-01T00:05:00Z");
    assertThat(fake.cloud.requests()).as("check never repairs").isEmpty();
    assertThat(fake.connectedWith.dryRun()).isTrue();
    assertThat(fake.connectedWith.leaderElect()).as("check never joins the election").isFalse();
    assertThat(fake.closed).isTrue();
  }

  @Test
  void aNodeNotYetDueShowsWhenItsRepairFallsDue() {
    fake.cluster.killKubelet("worker-3");
    fake.clock.advance(Duration.ofSeconds(20));

    Cli.Result result = new Cli().connector(fake).run("check", "--config", CONFIG);

    assertThat(result.out())
        .containsPattern("worker-3 +worker +NodeCondition +unhealthy +.*repair due at 2026-01-01T00:01:00Z")
        .contains("Would repair: nothing now.");
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonIsOneDocumentForTools() {
    fake.cluster.killKubelet("worker-2");
    fake.clock.advance(Duration.ofMinutes(5));

    Cli.Result result = new Cli().connector(fake).run("check", "--config", CONFIG, "--output", "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    Map<String, Object> doc = TestJson.object(result.out());
    assertThat(doc).containsEntry("cluster", "fake").containsEntry("time", "2026-01-01T00:05:00Z");
    List<Map<String, Object>> nodes = (List<Map<String, Object>>) doc.get("nodes");
    assertThat(nodes).extracting(n -> n.get("name"))
        .containsExactly("master-1", "master-2", "master-3", "worker-1", "worker-2", "worker-3");
    Map<String, Object> worker2 = nodes.get(4);
    assertThat(worker2).containsEntry("role", "worker").containsEntry("judged", true)
        .containsEntry("wouldRepair", "would reboot the node (attempt 1)");
    assertThat((List<Map<String, Object>>) worker2.get("checks")).singleElement().satisfies(c -> assertThat(c)
        .containsEntry("check", "NodeCondition")
        .containsEntry("type", "NodeCondition")
        .containsEntry("position", 1.0)
        .containsEntry("verdict", "unhealthy")
        .containsEntry("unhealthySince", "2026-01-01T00:00:00Z")
        .containsEntry("repairDueAt", "2026-01-01T00:01:00Z"));
    assertThat((Map<String, Object>) doc.get("summary")).containsEntry("unhealthyWorkers", 1.0);
    assertThat(fake.cloud.requests()).isEmpty();
  }

  @Test
  void twoChecksOfOneTypeAreShownApartEachWithItsOwnDueTime() {
    fake.cluster.killKubelet("worker-3");
    fake.clock.advance(Duration.ofSeconds(20));

    String config = Resources.path("/config/two-ready-checks.yaml");
    Cli.Result result = new Cli().connector(fake).run("check", "--config", config);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .containsPattern("worker-3 +worker +NodeCondition#1 +unhealthy +.*repair due at 2026-01-01T00:01:00Z")
        .containsPattern("worker-3 +worker +ready-for-long +unhealthy +.*repair due at 2026-01-01T00:10:00Z")
        .containsPattern("worker-1 +worker +NodeCondition#1 +healthy")
        .containsPattern("worker-1 +worker +ready-for-long +healthy");
  }

  @Test
  void anUnknownOutputFormatIsRefused() {
    Cli.Result result = new Cli().connector(fake).run("check", "--config", CONFIG, "--output", "yaml");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("--output: value 'yaml' is not allowed; table or json");
  }
}
