package io.healer.integration.compare;

import io.healer.integration.kubernetes.KubeletHarness;
import io.healer.integration.kubernetes.RealKubernetes;
import io.healer.integration.openstack.RealOpenStack;
import io.healer.integration.support.StallingProxy;
import io.healer.integration.support.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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
  /** The healers' way to the API server (their kubeconfig names it); the suite's own calls go direct. */
  private StallingProxy apiPath;
  /** When an operator's change kept the cluster updating. */
  private final List<Window> updating = new CopyOnWriteArrayList<>();
  private final int workerCount;
  private volatile Thread updateWatch;

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
      apiPath = StallingProxy.to(cluster.port());
      Files.copy(cluster.adminKubeconfigFor(USER, "https://127.0.0.1:" + apiPath.port()), kubeconfig,
          StandardCopyOption.REPLACE_EXISTING);
      harness = new KubeletHarness(cluster);
      List<String> masters = openstack.masterServers();
      register(harness, "master-0", masters.get(0), "127.0.0.1", Map.of("node-role.kubernetes.io/control-plane", ""));
      List<String> workers = openstack.workerServers();
      for (int i = 0; i < workers.size(); i++) {
        // The label Magnum's templates give every kubelet (--node-labels): its node group.
        register(harness, "worker-" + i, workers.get(i), openstack.address(workers.get(i)),
            Map.of("magnum.openstack.org/nodegroup", "default-worker"));
      }
      this.kubelets = harness;
      this.workerCount = workers.size();
      openstack.onRebooted(this::rebooted);
    } catch (IOException | RuntimeException e) {
      if (apiPath != null) {
        apiPath.close();
      }
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

  /** The kubelet of {@code node} stops and a reboot does not bring it back (its disk is gone): only a new server helps. */
  void stopKubeletForGood(String node) {
    kubelets.stopHeartbeat(node);
  }

  /**
   * The disk of {@code node} fails: the kubelet, still running, reports {@code DiskPressure=True}
   * (as its eviction manager does when the image file system is full or read-only), until a
   * reboot of its server brings it back with the condition {@code False}.
   */
  void failDisk(String node) {
    healedByReboot.put(node, () -> kubelets.setCondition(node, "DiskPressure", "False", "KubeletHasNoDiskPressure",
        "kubelet has no disk pressure"));
    kubelets.setCondition(node, "DiskPressure", "True", "KubeletHasDiskPressure", "kubelet has disk pressure");
  }

  /** The healers' connections to the API server hang (a dead route); the cluster itself runs on. */
  void cutOffApi() {
    apiPath.stall();
  }

  /** The healers' connections to the API server flow again, what was held first. */
  void reconnectApi() {
    apiPath.resume();
  }

  /**
   * An operator removes {@code node}'s server through Magnum's resize (its group down by one):
   * the cluster is {@code UPDATE_IN_PROGRESS} until Heat has deleted the server and Magnum has
   * seen it. A watcher reads the cluster and its stack every second, from Magnum's first {@code
   * UPDATE_IN_PROGRESS} until both are {@code *_COMPLETE}; {@link #updatingAt} tells when. The
   * group gets its count back when the world closes.
   */
  void operatorRemoves(String node) {
    int answer = openstack.resizeWorkers(workerCount - 1, List.of(serverOfNode().get(node)));
    if (answer != 202) {
      throw new IllegalStateException("Magnum answered the operator's resize with " + answer);
    }
    Thread watch = new Thread(this::watchUpdate, "operator-resize-watch");
    watch.setDaemon(true);
    watch.start();
    updateWatch = watch;
  }

  private void watchUpdate() {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    Window window = null;
    while (Instant.now().isBefore(deadline)) {
      String[] both;
      try {
        both = openstack.clusterAndStackStatus().split("/");
      } catch (RuntimeException e) {
        System.out.println("[compare] reading the cluster's status failed: " + e.getMessage());
        both = new String[] {"?", "?"};
      }
      Instant now = Instant.now();
      if (window == null && both[0].endsWith("_IN_PROGRESS")) {
        window = new Window(now);
        updating.add(window);
      } else if (window != null && both[0].endsWith("_COMPLETE") && both[1].endsWith("_COMPLETE")) {
        window.end = now;
        return;
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    System.out.println("[compare] the operator's resize did not end within 4 minutes");
  }

  /** A time the cluster was updating: from {@code start} to {@code end}, {@code null} while it lasts. */
  static final class Window {
    final Instant start;
    volatile Instant end;

    Window(Instant start) {
      this.start = start;
    }

    boolean holds(Instant at) {
      Instant e = end;
      return !at.isBefore(start) && (e == null || at.isBefore(e));
    }
  }

  /** Whether an operator's change had the cluster updating at {@code at}. */
  boolean updatingAt(Instant at) {
    return updating.stream().anyMatch(w -> w.holds(at));
  }

  /** When the operator's changes kept the cluster updating. */
  List<Window> updateWindows() {
    return List.copyOf(updating);
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
    apiPath.close();
    cluster.close();
    closeQuietly(cinder);
    if (!updating.isEmpty()) {
      joinQuietly(updateWatch);
      // The next run starts from the same cloud: the group gets its count back (a new server).
      openstack.awaitSettled();
      openstack.resizeWorkers(workerCount, List.of());
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(Duration.ofMinutes(4).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
