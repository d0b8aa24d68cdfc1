package io.healer.integration.kubernetes;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.healer.integration.support.TextFile;
import io.healer.integration.support.Wait;
import io.healer.testkit.openstack.FakeOpenStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One master and two workers on the real control plane, their servers in a Magnum cluster of the
 * testkit's OpenStack stand-in, and the daemon as an operator deploys it: the manifest's
 * ServiceAccount and RBAC applied with kubectl, a token from the TokenRequest API, the Go healer's
 * config.yaml. {@link #close()} stops the daemons and removes what it created.
 */
final class DaemonWorld implements AutoCloseable {

  static final String CLUSTER = "k8s";
  static final String HEALER_USER = "system:serviceaccount:kube-system:healer";
  static final String LEASE = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/magnum-auto-healer";

  final RealKubernetes cluster;
  final KubeletHarness kubelets;
  final FakeOpenStack openstack = FakeOpenStack.start(Clock.systemUTC());
  final List<String> workers;
  private final Path dir;
  private final List<HealerDaemon> daemons = new ArrayList<>();
  private final long auditFrom;
  private String extraConfig = "";
  private String unhealthyDuration = "10s";
  private String extraWorkerChecks = "";

  DaemonWorld(RealKubernetes cluster, Path dir) {
    this(cluster, dir, 2);
  }

  /** A world with one master and {@code workerCount} workers, {@code worker-0} on. */
  DaemonWorld(RealKubernetes cluster, Path dir, int workerCount) {
    this.cluster = cluster;
    this.dir = dir;
    this.auditFrom = auditLines();
    this.kubelets = new KubeletHarness(cluster);
    kubelets.removeAll();
    cluster.kubectl("-n", "kube-system", "delete", "lease", "magnum-auto-healer", "--ignore-not-found");
    openstack.createCluster(CLUSTER, 1, Map.of("default-worker", workerCount));
    String master = openstack.serverIds(CLUSTER, "default-master").get(0);
    workers = openstack.serverIds(CLUSTER, "default-worker");
    kubelets.register("master-0", "openstack:///" + master, Map.of("node-role.kubernetes.io/control-plane", ""));
    for (int i = 0; i < workers.size(); i++) {
      kubelets.register("worker-" + i, "openstack:///" + workers.get(i), Map.of());
    }
  }

  /** Applies the manifest's ServiceAccount, RBAC and control ConfigMap, each document through {@code rbacEdit}. */
  void applyAccess(UnaryOperator<String> rbacEdit) {
    apply(Manifest.shipped().select(Manifest.ACCESS, Set.of("ConfigMap/healer-control"), rbacEdit));
  }

  /** Applies the manifest's ServiceAccount and RBAC only: the control ConfigMap is left to the operator. */
  void applyAccessWithoutControlConfigMap() {
    apply(Manifest.shipped().select(Manifest.ACCESS, Set.of()));
  }

  private void apply(String yaml) {
    Path access = dir.resolve("access.yaml");
    write(access, yaml);
    cluster.kubectlOk("apply", "-f", access.toString());
  }

  /** The folder of this world's files (kubeconfigs, config.yaml). */
  Path dir() {
    return dir;
  }

  /** Adds top-level keys to the config.yaml of the daemons started from now on ({@code "healthy-duration: 5s\n"}). */
  void extraConfig(String yaml) {
    this.extraConfig = yaml;
  }

  /** The NodeCondition check's unhealthy-duration in the config.yaml of the daemons started from now on (10 s). */
  void unhealthyDuration(String duration) {
    this.unhealthyDuration = duration;
  }

  /** More worker checks, as items of the list under {@code healthcheck.worker} ({@code "    - type: ...\n"}). */
  void extraWorkerChecks(String yaml) {
    this.extraWorkerChecks = yaml;
  }

  /** Starts a daemon as the manifest's ServiceAccount (apply the access first). */
  HealerDaemon startDaemon(String name) {
    Path kubeconfig = cluster.serviceAccountKubeconfig(dir.resolve(name + ".kubeconfig"), "kube-system", "healer",
        Duration.ofHours(1));
    Path config = dir.resolve(name + "-config.yaml");
    write(config, config(kubeconfig));
    HealerDaemon daemon = HealerDaemon.start(name, config, cluster.dir());
    daemons.add(daemon);
    return daemon;
  }

  /** Starts a daemon as {@link #startDaemon} does and waits until it is ready (60 s) and leads (30 s). */
  HealerDaemon startLeader(String name) {
    HealerDaemon daemon = startDaemon(name);
    daemon.awaitReady(Duration.ofSeconds(60));
    Wait.value("the daemon leads", Duration.ofSeconds(30), this::leaseHolder);
    return daemon;
  }

  /** Stops this daemon with the world (one started by hand, not by {@link #startDaemon}). */
  void adopt(HealerDaemon daemon) {
    daemons.add(daemon);
  }

  /** The Go healer's config.yaml for this world: NodeCondition on Ready on both roles (10 s), a 5 s interval. */
  String config(Path kubeconfig) {
    StringBuilder yaml = new StringBuilder()
        .append("cluster-name: ").append(CLUSTER).append('\n')
        .append("monitor-interval: 5s\n")
        .append("check-delay-after-add: 0s\n")
        .append("leader-elect: true\n")
        .append(extraConfig)
        .append("kubernetes:\n  kubeconfig: ").append(kubeconfig).append('\n')
        .append("healthcheck:\n");
    for (String role : List.of("master", "worker")) {
      yaml.append("  ").append(role).append(":\n")
          .append("    - type: NodeCondition\n")
          .append("      params:\n")
          .append("        unhealthy-duration: ").append(unhealthyDuration).append('\n')
          .append("        types: [\"Ready\"]\n")
          .append("        ok-values: [\"True\"]\n");
      if (role.equals("worker")) {
        yaml.append(extraWorkerChecks);
      }
    }
    yaml.append("openstack:\n");
    openstack.passwordAuth().forEach((k, v) -> yaml.append("  ").append(k).append(": \"").append(v).append("\"\n"));
    return yaml.toString();
  }

  /** Who holds the leader Lease now, if anyone. */
  Optional<String> leaseHolder() {
    KubeRest.Answer lease = cluster.rest().get(LEASE);
    if (!lease.ok() || !lease.body().getAsJsonObject("spec").has("holderIdentity")) {
      return Optional.empty();
    }
    String holder = lease.body().getAsJsonObject("spec").get("holderIdentity").getAsString();
    return holder.isBlank() ? Optional.empty() : Optional.of(holder);
  }

  /** A Node annotation as stored, or {@code null}. */
  String annotation(String node, String key) {
    JsonObject metadata = cluster.rest().get("/api/v1/nodes/" + node).orThrow().getAsJsonObject("metadata");
    return metadata.has("annotations") && metadata.getAsJsonObject("annotations").has(key)
        ? metadata.getAsJsonObject("annotations").get(key).getAsString() : null;
  }

  /** A Node's annotation keys as stored. */
  java.util.Set<String> annotations(String node) {
    JsonObject metadata = cluster.rest().get("/api/v1/nodes/" + node).orThrow().getAsJsonObject("metadata");
    return metadata.has("annotations") ? Set.copyOf(metadata.getAsJsonObject("annotations").keySet()) : Set.of();
  }

  /** The reasons of the Events on a node, as {@code kubectl describe node} lists them. */
  List<String> eventReasons(String node) {
    return events(node).stream().map(e -> e.get("reason").getAsString()).toList();
  }

  /** The messages of the Events with this reason on a node, in the order the API server lists them. */
  List<String> eventMessages(String node, String reason) {
    return events(node).stream().filter(e -> e.get("reason").getAsString().equals(reason))
        .map(e -> e.get("message").getAsString()).toList();
  }

  private List<JsonObject> events(String node) {
    return cluster.rest().get("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D" + node)
        .orThrow().getAsJsonArray("items").asList().stream().map(e -> e.getAsJsonObject()).toList();
  }

  /** The requests that changed a worker's server at the cloud (actions, deletes), as {@code METHOD path}. */
  List<String> changesTo(int worker) {
    String server = workers.get(worker);
    return openstack.changes().stream().filter(r -> r.path().contains(server)).map(r -> r.method() + " " + r.path())
        .toList();
  }

  /** How many times the cloud was asked to reboot a worker's server. */
  int reboots(int worker) {
    return openstack.server(workers.get(worker)).orElseThrow().reboots();
  }

  /** Every request of healer's ServiceAccount in this world that the API server answered 403, from its audit log. */
  List<String> forbiddenRequestsOfHealer() {
    try (var lines = Files.lines(cluster.auditLog())) {
      return lines.skip(auditFrom).filter(l -> l.contains(HEALER_USER)).map(l -> JsonParser.parseString(l).getAsJsonObject())
          .filter(e -> e.getAsJsonObject("user").get("username").getAsString().equals(HEALER_USER))
          .filter(e -> e.has("responseStatus") && e.getAsJsonObject("responseStatus").get("code").getAsInt() == 403)
          .map(e -> e.get("verb").getAsString() + " " + e.get("requestURI").getAsString())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long auditLines() {
    try (var lines = Files.lines(cluster.auditLog())) {
      return lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    daemons.forEach(HealerDaemon::close);
    kubelets.removeAll();
    kubelets.close();
    openstack.close();
    cluster.kubectl("delete", "-f", dir.resolve("access.yaml").toString(), "--ignore-not-found");
    cluster.kubectl("-n", "kube-system", "delete", "lease", "magnum-auto-healer", "--ignore-not-found");
    cluster.kubectl("-n", "kube-system", "delete", "configmap", "healer-control", "--ignore-not-found");
  }

  static void write(Path file, String text) {
    TextFile.write(file, text);
  }
}
