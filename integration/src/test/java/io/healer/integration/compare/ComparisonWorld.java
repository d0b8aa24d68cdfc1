package io.healer.integration.compare;

import io.healer.integration.kubernetes.KubeletHarness;
import io.healer.integration.kubernetes.RealKubernetes;
import io.healer.integration.openstack.RealOpenStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run's cluster: a fresh real control plane whose nodes are the servers of the shared real
 * OpenStack's cluster {@code k8s} (one master, the workers of {@code default-worker}), played by the
 * kubelet harness. Each node carries what a kubelet on that server reports: the provider id
 * {@code openstack:///ID} (what healer reads), {@code nodeInfo.machineID} (the server id without
 * dashes, as {@code /etc/machine-id} holds it; what the Go healer reads) and its fixed address.
 *
 * <p>The master's InternalIP is 127.0.0.1, where the {@link HealthEndpoint} answers for its API
 * server. A reboot restarts what a fault stopped on a machine (its kubelet, its API server): once the
 * Nova stand-in has finished rebooting such a server, the node's heartbeat resumes (or its health
 * endpoint answers 200 again). A node cut off from the network is not helped by a reboot.
 */
final class ComparisonWorld implements AutoCloseable {

  /** The user both healers are in the API server's audit log (a client certificate in system:masters). */
  static final String USER = "auto-healer";

  final RealKubernetes cluster;
  final KubeletHarness kubelets;
  private final RealOpenStack openstack;
  /** Cinder in the catalog while the world lives: the Go healer ends at start without one. */
  private final AutoCloseable cinder;
  private final Map<String, String> nodeOfServer = new LinkedHashMap<>();
  private final HealthEndpoint apiServerHealth;
  private final Map<String, Runnable> healedByReboot = new ConcurrentHashMap<>();
  private final Map<String, Instant> recovered = new ConcurrentHashMap<>();

  /**
   * Starts the control plane in {@code dir}, registers the nodes and writes the kubeconfig of
   * {@link #USER} to {@code kubeconfig} (the path the shared config.yaml names).
   */
  ComparisonWorld(RealOpenStack openstack, Path dir, Path kubeconfig, HealthEndpoint apiServerHealth) {
    this.openstack = openstack;
    this.apiServerHealth = apiServerHealth;
    apiServerHealth.heal();
    this.cinder = openstack.cinderInCatalog();
    KubeletHarness harness = null;
    RealKubernetes started = null;
    try {
      started = RealKubernetes.start(dir);
      this.cluster = started;
      Files.copy(cluster.adminKubeconfigFor(USER), kubeconfig, StandardCopyOption.REPLACE_EXISTING);
      harness = new KubeletHarness(cluster);
      List<String> masters = openstack.masterServers();
      register(harness, "master-0", masters.get(0), "127.0.0.1", Map.of("node-role.kubernetes.io/control-plane", ""));
      List<String> workers = openstack.workerServers();
      for (int i = 0; i < workers.size(); i++) {
        register(harness, "worker-" + i, workers.get(i), openstack.address(workers.get(i)), Map.of());
      }
      this.kubelets = harness;
      openstack.onRebooted(this::rebooted);
    } catch (IOException | RuntimeException e) {
      if (harness != null) {
        harness.close();
      }
      if (started != null) {
        started.close();
      }
      closeQuietly(cinder);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.out.println("[compare] removing Cinder from the catalog failed: " + e);
    }
  }

  private void register(KubeletHarness harness, String node, String server, String address,
      Map<String, String> labels) {
    harness.register(node, "openstack:///" + server, new KubeletHarness.Machine(server.replace("-", ""), address),
        labels);
    nodeOfServer.put(server, node);
  }

  /** The worker nodes' names. */
  List<String> workers() {
    return nodeOfServer.values().stream().filter(n -> n.startsWith("worker-")).toList();
  }

  /** Every node's server id by node name. */
  Map<String, String> serverOfNode() {
    Map<String, String> servers = new LinkedHashMap<>();
    nodeOfServer.forEach((server, node) -> servers.put(node, server));
    return servers;
  }

  /** Every server id of this world. */
  Set<String> servers() {
    return nodeOfServer.keySet();
  }

  /** The master node's name. */
  String master() {
    return "master-0";
  }

  /** The kubelet of {@code node} stops: no more status or Lease, until a reboot of its server. */
  void stopKubelet(String node) {
    healedByReboot.put(node, () -> kubelets.resumeHeartbeat(node));
    kubelets.stopHeartbeat(node);
  }

  /** The master's API server fails its health checks (500), until a reboot of its server. */
  void failApiServer() {
    healedByReboot.put(master(), apiServerHealth::heal);
    apiServerHealth.fail();
  }

  /** Switches healing of the cloud's cluster on or off (its {@code auto_healing_enabled} label). */
  void autoHealing(boolean enabled) {
    openstack.autoHealing(enabled);
  }

  /** {@code node} is cut off from the network: its kubelet still runs, but nothing reaches the API server. */
  void cutOff(String node) {
    kubelets.stopHeartbeat(node);
  }

  /** The network is back for {@code node}: its kubelet's status and Lease reach the API server again. */
  void reconnect(String node) {
    kubelets.resumeHeartbeat(node);
  }

  /** When the node came back after a reboot, if it did. */
  Instant recoveredAt(String node) {
    return recovered.get(node);
  }

  private void rebooted(String server) {
    String node = nodeOfServer.get(server);
    Runnable heal = node == null ? null : healedByReboot.remove(node);
    if (heal != null) {
      heal.run();
      recovered.put(node, Instant.now());
    }
  }

  /** The servers of {@code nodes}. */
  List<String> serversOf(List<String> nodes) {
    List<String> servers = new ArrayList<>();
    nodes.forEach(n -> servers.add(serverOfNode().get(n)));
    return servers;
  }

  @Override
  public void close() {
    openstack.autoHealing(true);
    openstack.onRebooted(id -> {});
    kubelets.close();
    cluster.close();
    closeQuietly(cinder);
  }
}
