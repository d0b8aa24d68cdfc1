package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class StatusCommandTest {

  private static final String CONFIG = Resources.path("/config/fake-cluster.yaml");

  @TempDir
  Path dir;

  private final FakeConnector fake = new FakeConnector();

  @Test
  void oneRowPerNodeWithItsVerdictsHowLongItFailedAndWhereItsRepairStandsButRepairsNothing() {
    fake.cluster.killKubelet("worker-2");
    fake.clock.advance(Duration.ofMinutes(5));

    Cli.Result result = new Cli().connector(fake).run("status", "--config", CONFIG);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().lines()).first().asString()
        .matches("NAME +ROLE +CHECKS +UNHEALTHY FOR +REPAIR +HELD BACK");
    assertThat(result.out().lines().filter(l -> l.matches("(master|worker)-\\d .*"))).hasSize(6);
    assertThat(result.out())
        .containsPattern("master-1 +master +Endpoint=unknown,NodeCondition=healthy +- +- +-")
        .containsPattern("worker-1 +worker +NodeCondition=healthy +- +- +-")
        .containsPattern("worker-2 +worker +NodeCondition=unhealthy +5m +due now: would reboot the node \\(attempt 1\\)")
        .contains("Leader: leader election is off (leader-elect: false)")
        .contains("Healing: on")
        .contains("At 2026-01-01T00:05:00Z; status never repairs.");
    assertThat(fake.cloud.requests()).as("status never repairs").isEmpty();
    assertThat(fake.connectedWith.leaderElect()).as("status never joins the election").isFalse();
    assertThat(fake.closed).isTrue();
  }

  @Test
  void aNodeNotYetDueSaysWhenAndPausedHealingIsShown() {
    fake.cluster.killKubelet("worker-3");
    fake.clock.advance(Duration.ofSeconds(20));

    Cli.Result result = new Cli().connector(fake).run("status", "--config", CONFIG);

    assertThat(result.out()).containsPattern("worker-3 +worker +NodeCondition=unhealthy +20s +due in 40s +-");
  }

  @Test
  void namesTheLeaderTheLeaseHasWhenElectionIsOn() throws IOException {
    Path config = dir.resolve("elect.yaml");
    Files.writeString(config, Files.readString(Path.of(CONFIG)).replace("leader-elect: false", "leader-elect: true"));
    fake.leader = Optional.of("healer-7f9c");

    String withLeader = new Cli().connector(fake).run("status", "--config", config.toString()).out();
    fake.leader = Optional.empty();
    String without = new Cli().connector(new FakeConnector()).run("status", "--config", config.toString()).out();

    assertThat(withLeader).contains("Leader: healer-7f9c (Lease kube-system/magnum-auto-healer)");
    assertThat(without).contains("Leader: nobody holds the Lease kube-system/magnum-auto-healer");
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonAndYamlCarryTheSameDocument() {
    fake.cluster.killKubelet("worker-2");
    fake.clock.advance(Duration.ofMinutes(5));

    Map<String, Object> json = TestJson.object(new Cli().connector(fake).run("status", "--config", CONFIG, "-o", "json")
        .out());
    FakeConnector again = new FakeConnector();
    again.cluster.killKubelet("worker-2");
    again.clock.advance(Duration.ofMinutes(5));
    Map<String, Object> yaml = new Yaml().load(new Cli().connector(again).run("status", "--config", CONFIG, "-o", "yaml")
        .out());

    assertThat(json).containsEntry("cluster", "fake").containsEntry("paused", false);
    List<Map<String, Object>> nodes = (List<Map<String, Object>>) json.get("nodes");
    Map<String, Object> worker2 = nodes.stream().filter(n -> n.get("name").equals("worker-2")).findFirst().orElseThrow();
    assertThat(worker2).containsEntry("role", "worker").containsEntry("unhealthySince", "2026-01-01T00:00:00Z")
        .containsEntry("repair", "due now: would reboot the node (attempt 1)");
    assertThat(((Number) worker2.get("unhealthySeconds")).longValue()).isEqualTo(300);
    assertThat((List<Map<String, Object>>) worker2.get("checks")).singleElement()
        .satisfies(c -> assertThat(c).containsEntry("check", "NodeCondition").containsEntry("verdict", "unhealthy"));
    List<Map<String, Object>> yamlNodes = (List<Map<String, Object>>) yaml.get("nodes");
    assertThat(yamlNodes).extracting(n -> n.get("name") + "=" + n.get("repair"))
        .containsExactlyElementsOf(nodes.stream().map(n -> n.get("name") + "=" + n.get("repair")).toList());
    assertThat(yaml.get("leader")).isEqualTo(json.get("leader"));
  }

  @Test
  void takesKubectlsKubeconfigWhenTheConfigNamesNone() {
    new Cli().connector(fake).env(Map.of("KUBECONFIG", "/home/op/.kube/config:/home/op/.kube/other"))
        .run("status", "--config", CONFIG);
    assertThat(fake.connectedWith.kubeconfig()).contains("/home/op/.kube/config");

    FakeConnector flag = new FakeConnector();
    new Cli().connector(flag).env(Map.of("KUBECONFIG", "/ignored")).run("status", "--config", CONFIG,
        "--kubeconfig", "/etc/healer/kubeconfig");
    assertThat(flag.connectedWith.kubeconfig()).contains("/etc/healer/kubeconfig");
  }

  @Test
  void anUnknownOutputFormatIsRefusedNamingTheAllowedOnes() {
    Cli.Result result = new Cli().connector(fake).run("status", "--config", CONFIG, "-o", "wide");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("--output: value 'wide' is not allowed; table, json or yaml");
  }
}
