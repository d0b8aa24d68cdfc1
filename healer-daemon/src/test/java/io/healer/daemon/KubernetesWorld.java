package io.healer.daemon;

import com.google.gson.JsonObject;
import io.healer.fakes.ManualClock;
import io.healer.kubernetes.FakeApiServer;
import io.healer.kubernetes.Objects;
import io.healer.testkit.openstack.FakeOpenStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The world of the end-to-end tests: healer-core's loopback Kubernetes API server on a manual
 * clock, with one master and two workers (each with its heartbeat Lease), and the testkit's fake
 * OpenStack with the Magnum cluster {@value #CLUSTER} whose servers those nodes are. The daemon
 * reaches them as in production: {@code kubernetes.api-host} and the {@code openstack} block.
 *
 * <p>The fake OpenStack runs on the system clock, as the Magnum provider does (the provider comes
 * from the plugin registry, so it cannot be handed the test's clock): token lifetimes then mean the
 * same to both. Nothing in these tests waits on OpenStack time.
 */
final class KubernetesWorld implements AutoCloseable {

  static final String CLUSTER = "k8s";

  final ManualClock clock = new ManualClock();
  final FakeApiServer api = FakeApiServer.start(clock);
  final FakeOpenStack openstack = FakeOpenStack.start(Clock.systemUTC());
  final String masterId;
  final List<String> workerIds;

  KubernetesWorld() {
    openstack.createCluster(CLUSTER, 1, Map.of("default-worker", 2));
    masterId = openstack.serverIds(CLUSTER, "default-master").get(0);
    workerIds = openstack.serverIds(CLUSTER, "default-worker");
    Instant longAgo = clock.instant().minus(Duration.ofDays(1));
    JsonObject master = Objects.labelled(Objects.node("master-0", "True", longAgo),
        "node-role.kubernetes.io/control-plane", "");
    addNode(master, masterId);
    for (int i = 0; i < workerIds.size(); i++) {
      addNode(Objects.node("worker-" + i, "True", longAgo), workerIds.get(i));
    }
  }

  private void addNode(JsonObject node, String serverId) {
    node.getAsJsonObject("spec").addProperty("providerID", "openstack:///" + serverId);
    api.create(Objects.NODES, node);
    String name = node.getAsJsonObject("metadata").get("name").getAsString();
    api.create(Objects.NODE_LEASES, Objects.nodeLease(name, clock.instant()));
  }

  /** The kubelet of a node dies: the node lifecycle controller sets Ready to Unknown, now. */
  void killKubelet(String node) {
    api.update(Objects.node(node), n -> {
      JsonObject ready = Objects.ready(n, "Unknown", clock.instant()).getAsJsonObject("status")
          .getAsJsonArray("conditions").get(0).getAsJsonObject();
      ready.addProperty("reason", "NodeStatusUnknown");
      ready.addProperty("message", "Kubelet stopped posting node status.");
      return n;
    });
  }

  /** A healer annotation of a node as stored, or {@code null}. */
  String annotation(String node, String key) {
    JsonObject a = api.get(Objects.node(node)).getAsJsonObject("metadata").getAsJsonObject("annotations");
    return a == null || !a.has(key) ? null : a.get(key).getAsString();
  }

  /**
   * Writes magnum-auto-healer's config.yaml for this world: NodeCondition on both roles (1m), the
   * API server by {@code kubernetes.api-host}, the fake's Keystone in the {@code openstack} block.
   */
  Path config(Path dir, boolean leaderElect) {
    StringBuilder yaml = new StringBuilder()
        .append("cluster-name: ").append(CLUSTER).append('\n')
        .append("monitor-interval: 15s\n")
        .append("leader-elect: ").append(leaderElect).append('\n')
        .append("kubernetes:\n  api-host: ").append(api.url()).append('\n')
        .append("healthcheck:\n");
    for (String role : List.of("master", "worker")) {
      yaml.append("  ").append(role).append(":\n")
          .append("    - type: NodeCondition\n")
          .append("      params:\n")
          .append("        unhealthy-duration: 1m\n")
          .append("        types: [\"Ready\"]\n")
          .append("        ok-values: [\"True\"]\n");
    }
    yaml.append("openstack:\n");
    openstack.passwordAuth().forEach((k, v) -> yaml.append("  ").append(k).append(": \"").append(v).append("\"\n"));
    Path file = dir.resolve("config.yaml");
    try {
      Files.writeString(file, yaml.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    try {
      api.close();
    } finally {
      openstack.close();
    }
  }
}
