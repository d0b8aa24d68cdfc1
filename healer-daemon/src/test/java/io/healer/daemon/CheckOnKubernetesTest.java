package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.kubernetes.FakeApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code healer check} end to end: the real {@link KubernetesConnector} against a loopback API
 * server and the real Magnum provider against the fake OpenStack. One pass, and nothing written to
 * either: no repair, no ledger write, no Event, no cordon, no Lease (the config asks for leader
 * election; check never joins it).
 */
class CheckOnKubernetesTest {

  @TempDir
  Path dir;

  private final KubernetesWorld world = new KubernetesWorld();

  @AfterEach
  void stop() {
    world.close();
  }

  private Cli.Result check(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("check", "--config", world.config(dir, true).toString()));
    args.addAll(List.of(extra));
    return new Cli().connector(new KubernetesConnector(world.clock)).run(args.toArray(String[]::new));
  }

  @Test
  void aDeadWorkerNotYetDueShowsItsFailingCheckAndWhenItsRepairFallsDue() {
    world.killKubelet("worker-1");
    world.clock.advance(Duration.ofSeconds(20));

    Cli.Result result = check();

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .containsPattern("master-0 +master +NodeCondition +healthy")
        .containsPattern("worker-0 +worker +NodeCondition +healthy")
        .containsPattern("worker-1 +worker +NodeCondition +unhealthy +Ready is Unknown.*\\(unhealthy since"
            + " 2026-01-01T00:00:00Z; repair due at 2026-01-01T00:01:00Z\\)")
        .contains("Would repair: nothing now.")
        .contains("Cloud: ready (repairs allowed)")
        .contains("3 nodes, 0 unhealthy masters, 1 unhealthy workers, 0 unknown verdicts at 2026-01-01T00:00:20Z");
    assertNothingWritten();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aDeadWorkerPastItsUnhealthyDurationWouldBeRebootedInTableAndJson() {
    world.killKubelet("worker-1");
    world.clock.advance(Duration.ofMinutes(5));

    Cli.Result table = check();
    Cli.Result json = check("--output", "json");
    System.out.println(table.out());

    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).contains("Would repair worker-1: would reboot the node (attempt 1)");
    assertThat(json.exitCode()).as(json.err()).isZero();
    Map<String, Object> doc = TestJson.object(json.out());
    assertThat(doc).containsEntry("cluster", "k8s").containsEntry("time", "2026-01-01T00:05:00Z");
    assertThat((Map<String, Object>) doc.get("cloud")).containsEntry("status", "READY")
        .containsEntry("allowsRepair", true);
    List<Map<String, Object>> nodes = (List<Map<String, Object>>) doc.get("nodes");
    assertThat(nodes).extracting(n -> n.get("name")).containsExactly("master-0", "worker-0", "worker-1");
    assertThat(nodes.get(2)).containsEntry("wouldRepair", "would reboot the node (attempt 1)");
    List<Map<String, Object>> checks = (List<Map<String, Object>>) nodes.get(2).get("checks");
    assertThat(checks).singleElement().satisfies(c -> assertThat(c)
        .containsEntry("verdict", "unhealthy")
        .containsEntry("unhealthySince", "2026-01-01T00:00:00Z")
        .containsEntry("repairDueAt", "2026-01-01T00:01:00Z"));
    assertNothingWritten();
  }

  @Test
  void aWrongOpenStackPasswordShowsAsAnUnknownCloudWithoutThePassword() throws Exception {
    Path config = world.config(dir, true);
    java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config)
        .replace(io.healer.testkit.openstack.FakeOpenStack.PASSWORD, "not-the-Passw0rd"));

    Cli.Result result = new Cli().connector(new KubernetesConnector(world.clock))
        .run("check", "--config", config.toString());
    System.out.println(result.out());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).containsPattern("Cloud: unknown: .+");
    assertThat(result.out() + result.err()).doesNotContain("not-the-Passw0rd");
    assertNothingWritten();
  }

  private void assertNothingWritten() {
    assertThat(world.openstack.changes()).as("no OpenStack write").isEmpty();
    assertThat(world.openstack.requests()).as("reads only: a token, then the cluster's status")
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.method().equals("GET") || r.path().equals("/identity/v3/auth/tokens"))
            .as(r.toString()).isTrue());
    List<FakeApiServer.Request> kubernetesWrites = world.api.requests().stream().filter(FakeApiServer.Request::isWrite)
        .toList();
    assertThat(kubernetesWrites).as("no Kubernetes write").isEmpty();
    assertThat(world.api.requests()).as("no leader election").noneMatch(r -> r.path().contains("/leases/magnum"));
    assertThat(world.annotation("worker-1", "healer.io/repair-action")).isNull();
  }
}
