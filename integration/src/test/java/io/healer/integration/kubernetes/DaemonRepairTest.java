package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.healer.integration.support.Wait;
import io.healer.testkit.openstack.FakeOpenStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon jar as an operator runs it, against the real control plane: authenticated as the
 * manifest's ServiceAccount with exactly the manifest's RBAC, repairing through the Magnum provider
 * (Nova as the testkit's API-exact stand-in). The kubelet's death is noticed by the real
 * node-lifecycle controller, not by the test.
 */
@ExtendWith(RealKubernetesExtension.class)
class DaemonRepairTest {

  private static final String CLUSTER = "k8s";
  private static final String HEALER_USER = "system:serviceaccount:kube-system:healer";

  private final RealKubernetes cluster;
  private final FakeOpenStack openstack = FakeOpenStack.start(Clock.systemUTC());
  private KubeletHarness kubelets;
  private List<String> workers;
  private HealerDaemon daemon;

  @TempDir
  Path dir;

  DaemonRepairTest(RealKubernetes cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void world() {
    kubelets = new KubeletHarness(cluster);
    kubelets.removeAll();
    openstack.createCluster(CLUSTER, 1, Map.of("default-worker", 2));
    String master = openstack.serverIds(CLUSTER, "default-master").get(0);
    workers = openstack.serverIds(CLUSTER, "default-worker");
    kubelets.register("master-0", "openstack:///" + master, Map.of("node-role.kubernetes.io/control-plane", ""));
    for (int i = 0; i < workers.size(); i++) {
      kubelets.register("worker-" + i, "openstack:///" + workers.get(i), Map.of());
    }
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
    kubelets.removeAll();
    kubelets.close();
    openstack.close();
    cluster.kubectl("delete", "-f", dir.resolve("access.yaml").toString(), "--ignore-not-found");
    cluster.kubectl("-n", "kube-system", "delete", "lease", "magnum-auto-healer", "--ignore-not-found");
  }

  @Test
  void aWorkerWhoseKubeletStopsIsMarkedByTheControllerRebootedAndRecoversWithoutAForbiddenRequest() {
    daemon = startDaemon(UnaryOperator.identity());
    daemon.awaitReady(Duration.ofSeconds(60));
    String leader = Wait.value("the daemon takes the Lease kube-system/magnum-auto-healer", Duration.ofSeconds(30),
        () -> java.util.Optional.ofNullable(leaseHolder()));
    assertThat(daemon.log()).as("the daemon names its identity").contains(leader);

    kubelets.stopHeartbeat("worker-1");
    Wait.until("the node-lifecycle controller marks worker-1 Ready=Unknown", Duration.ofSeconds(40),
        () -> kubelets.condition("worker-1", "Ready").equals("Unknown"));
    Wait.until("healer reboots worker-1's server through Nova", Duration.ofSeconds(90),
        () -> openstack.server(workers.get(1)).orElseThrow().reboots() == 1);

    assertThat(annotation("worker-1", "healer.io/repair-action")).as("the repair record, on the Node").isEqualTo("reboot");
    assertThat(openstack.server(workers.get(0)).orElseThrow().reboots()).as("the healthy worker").isZero();
    Wait.until("a RepairStarted Event on worker-1", Duration.ofSeconds(30), () -> eventReasons("worker-1").contains("RepairStarted"));

    kubelets.resumeHeartbeat("worker-1");
    Wait.until("healer sees worker-1 recover", Duration.ofSeconds(60),
        () -> eventReasons("worker-1").contains("NodeRecovered"));
    assertThat(openstack.server(workers.get(1)).orElseThrow().reboots()).as("one repair for one failure").isEqualTo(1);

    assertThat(daemon.log()).as("the daemon's log").doesNotContain("403").doesNotContain("Forbidden");
    assertThat(forbiddenRequestsOfHealer(0)).as("requests of %s the API server refused with 403", HEALER_USER).isEmpty();
  }

  private HealerDaemon startDaemon(UnaryOperator<String> rbacEdit) {
    Path access = dir.resolve("access.yaml");
    write(access, Manifest.shipped().select(Manifest.ACCESS, Set.of("ConfigMap/healer-control"), rbacEdit));
    cluster.kubectlOk("apply", "-f", access.toString());
    Path kubeconfig = cluster.serviceAccountKubeconfig(dir.resolve("healer.kubeconfig"), "kube-system", "healer",
        Duration.ofHours(1));
    StringBuilder yaml = new StringBuilder()
        .append("cluster-name: ").append(CLUSTER).append('\n')
        .append("monitor-interval: 5s\n")
        .append("check-delay-after-add: 0s\n")
        .append("leader-elect: true\n")
        .append("kubernetes:\n  kubeconfig: ").append(kubeconfig).append('\n')
        .append("healthcheck:\n");
    for (String role : List.of("master", "worker")) {
      yaml.append("  ").append(role).append(":\n")
          .append("    - type: NodeCondition\n")
          .append("      params:\n")
          .append("        unhealthy-duration: 10s\n")
          .append("        types: [\"Ready\"]\n")
          .append("        ok-values: [\"True\"]\n");
    }
    yaml.append("openstack:\n");
    openstack.passwordAuth().forEach((k, v) -> yaml.append("  ").append(k).append(": \"").append(v).append("\"\n"));
    Path config = dir.resolve("config.yaml");
    write(config, yaml.toString());
    return HealerDaemon.start("healer-daemon", config, cluster.dir());
  }

  private String leaseHolder() {
    KubeRest.Answer lease = cluster.rest().get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/magnum-auto-healer");
    if (!lease.ok() || !lease.body().getAsJsonObject("spec").has("holderIdentity")) {
      return null;
    }
    String holder = lease.body().getAsJsonObject("spec").get("holderIdentity").getAsString();
    return holder.isBlank() ? null : holder;
  }

  private String annotation(String node, String key) {
    JsonObject metadata = cluster.rest().get("/api/v1/nodes/" + node).orThrow().getAsJsonObject("metadata");
    return metadata.has("annotations") && metadata.getAsJsonObject("annotations").has(key)
        ? metadata.getAsJsonObject("annotations").get(key).getAsString() : null;
  }

  private List<String> eventReasons(String node) {
    JsonObject events = cluster.rest().get("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D" + node)
        .orThrow();
    return events.getAsJsonArray("items").asList().stream()
        .map(e -> e.getAsJsonObject().get("reason").getAsString()).toList();
  }

  /** The audit log's record of every request of healer's ServiceAccount answered 403, from line {@code from} on. */
  private List<String> forbiddenRequestsOfHealer(long from) {
    try (var lines = Files.lines(cluster.auditLog())) {
      return lines.skip(from).filter(l -> l.contains(HEALER_USER)).map(JsonParser::parseString)
          .map(e -> e.getAsJsonObject())
          .filter(e -> e.getAsJsonObject("user").get("username").getAsString().equals(HEALER_USER))
          .filter(e -> e.has("responseStatus") && e.getAsJsonObject("responseStatus").get("code").getAsInt() == 403)
          .map(e -> e.get("verb").getAsString() + " " + e.get("requestURI").getAsString())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
