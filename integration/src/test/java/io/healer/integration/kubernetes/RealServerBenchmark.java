package io.healer.integration.kubernetes;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.healer.integration.support.Commands;
import io.healer.integration.support.Wait;
import io.healer.testkit.openstack.FakeOpenStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * healer's cost on the real API server, printed as figures (never asserted: the machine is shared
 * and noisy). For 1,000 and 10,000 Nodes with their Leases: the daemon's heap after GC, its cycle
 * time, and the requests it makes per monitor interval as the API server's audit log counts them,
 * in steady state and during a repair wave of ten workers. Run on demand:
 *
 * <pre>
 * mvn -B -Preal-servers -pl integration verify -Dtest=RealServerBenchmark -Dhealer.benchmark=true
 * </pre>
 *
 * <p>The control plane runs without kube-controller-manager, so nodes keep the Ready status they were
 * created with and no harness has to renew 10,000 Leases; a repair wave is ten workers' Ready set to
 * Unknown as the node-lifecycle controller would.
 */
@EnabledIfSystemProperty(named = "healer.benchmark", matches = "true")
class RealServerBenchmark {

  private static final String USER = "healer-bench";
  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final int WAVE = 10;

  @TempDir
  Path dir;

  @Test
  void figures() throws Exception {
    List<String> rows = new ArrayList<>();
    for (String size : System.getProperty("healer.benchmark.sizes", "1000,10000").split(",")) {
      rows.add(measure(Integer.parseInt(size.strip())));
    }
    System.out.println();
    System.out.println("| nodes | heap after GC (MiB) | steady cycle mean / recent max (ms) | steady: requests per interval | repair wave: requests per interval (mean) |");
    System.out.println("|---:|---:|---:|---|---|");
    rows.forEach(System.out::println);
  }

  private String measure(int nodes) throws Exception {
    try (RealKubernetes cluster = RealKubernetes.startWithoutControllers(RealKubernetesExtension.folder("bench-" + nodes));
         FakeOpenStack openstack = FakeOpenStack.start(Clock.systemUTC())) {
      KubeRest api = cluster.rest();
      openstack.createCluster(DaemonWorld.CLUSTER, 3, Map.of("default-worker", WAVE));
      List<String> masters = openstack.serverIds(DaemonWorld.CLUSTER, "default-master");
      List<String> waveServers = openstack.serverIds(DaemonWorld.CLUSTER, "default-worker");
      long t0 = System.nanoTime();
      create(api, nodes, masters, waveServers);
      System.out.printf("[bench %d] %d Nodes and Leases created in %.0f s; one Node as served: %,d bytes of JSON%n", nodes,
          nodes, (System.nanoTime() - t0) / 1e9, api.get("/api/v1/nodes/worker-wave-0").orThrow().toString().length());

      Path config = dir.resolve("bench-" + nodes + ".yaml");
      DaemonWorld.write(config, config(cluster.adminKubeconfigFor(USER), openstack));
      try (HealerDaemon daemon = HealerDaemon.start("healer-bench-" + nodes, config, cluster.dir(), "-Xmx1g")) {
        daemon.awaitReady(Duration.ofMinutes(5));
        Wait.until("a first cycle", Duration.ofMinutes(2), () -> cycles(daemon)[0] >= 1);
        // Steady state: two intervals after the first cycle.
        long from = auditLines(cluster);
        double[] before = cycles(daemon);
        Thread.sleep(INTERVAL.multipliedBy(2).toMillis()); // a measurement window, not a wait for a condition
        Map<String, Integer> steady = requests(cluster, from);
        double[] after = cycles(daemon);
        long heap = heapAfterGc(daemon);
        // The steady cycles alone: the first one (cold JIT, the Keystone login, the first health report) is not in it.
        double steadyCount = after[0] - before[0];
        double[] cycle = {steadyCount, steadyCount == 0 ? 0 : (after[3] - before[3]) / steadyCount * 1000, after[2]};

        long waveFrom = auditLines(cluster);
        long waveStart = System.nanoTime();
        for (int i = 0; i < WAVE; i++) {
          markUnknown(api, "worker-wave-" + i);
        }
        Wait.until("all ten wave workers rebooted", Duration.ofMinutes(6),
            () -> waveServers.stream().allMatch(id -> openstack.server(id).orElseThrow().reboots() >= 1));
        Map<String, Integer> wave = requests(cluster, waveFrom);
        int waveIntervals = (int) Math.max(1, Math.ceil((System.nanoTime() - waveStart) / (double) INTERVAL.toNanos()));
        double[] waveCycle = cycles(daemon);
        return String.format("| %,d | %.1f | %.1f / %.1f | %s | %s over %d intervals (%d OpenStack calls) |", nodes,
            heap / 1048576.0, cycle[1], Math.max(cycle[2], waveCycle[2]), perInterval(steady, 2), perInterval(wave, waveIntervals),
            waveIntervals, openstack.requests().size());
      }
    }
  }

  private static String perInterval(Map<String, Integer> counts, int intervals) {
    StringBuilder out = new StringBuilder();
    counts.forEach((k, v) -> out.append(out.length() == 0 ? "" : ", ").append(k).append(' ')
        .append(String.format("%.1f", (double) v / intervals)));
    return out.length() == 0 ? "none" : out.toString();
  }

  private static String config(Path kubeconfig, FakeOpenStack openstack) {
    StringBuilder yaml = new StringBuilder("cluster-name: " + DaemonWorld.CLUSTER + "\n")
        .append("monitor-interval: ").append(INTERVAL.toSeconds()).append("s\n")
        .append("check-delay-after-add: 0s\nleader-elect: true\n")
        .append("max-repairs-in-flight: ").append(WAVE).append('\n')
        .append("max-repairs-in-flight-per-group: ").append(WAVE).append('\n')
        .append("kubernetes:\n  kubeconfig: ").append(kubeconfig).append('\n')
        .append("healthcheck:\n");
    for (String role : List.of("master", "worker")) {
      yaml.append("  ").append(role).append(":\n    - type: NodeCondition\n      params:\n")
          .append("        unhealthy-duration: 30s\n        types: [\"Ready\"]\n        ok-values: [\"True\"]\n");
    }
    yaml.append("openstack:\n");
    openstack.passwordAuth().forEach((k, v) -> yaml.append("  ").append(k).append(": \"").append(v).append("\"\n"));
    return yaml.toString();
  }

  /** Creates the nodes as kubelets register them, with status, then their Leases; 16 at a time. */
  private static void create(KubeRest api, int count, List<String> masters, List<String> waveServers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String name;
        String server;
        Map<String, String> labels;
        if (i < masters.size()) {
          name = "master-" + i;
          server = masters.get(i);
          labels = Map.of("node-role.kubernetes.io/control-plane", "");
        } else if (i < masters.size() + waveServers.size()) {
          int w = i - masters.size();
          name = "worker-wave-" + w;
          server = waveServers.get(w);
          labels = Map.of();
        } else {
          name = "worker-" + i;
          server = String.format("00000000-0000-4000-8000-%012d", i);
          labels = Map.of();
        }
        pending.add(pool.submit(() -> {
          api.post("/api/v1/nodes", realisticNode(name, "openstack:///" + server, labels)).orThrow();
          api.post("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", lease(name)).orThrow();
        }));
      }
      for (Future<?> f : pending) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A node as a Magnum worker's kubelet reports it: conditions, labels, capacity, node info, images. */
  static JsonObject realisticNode(String name, String providerId, Map<String, String> extraLabels) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    JsonObject labels = new JsonObject();
    labels.addProperty("kubernetes.io/hostname", name);
    labels.addProperty("kubernetes.io/os", "linux");
    labels.addProperty("kubernetes.io/arch", "amd64");
    labels.addProperty("beta.kubernetes.io/instance-type", "m1.large");
    labels.addProperty("node.kubernetes.io/instance-type", "m1.large");
    labels.addProperty("topology.kubernetes.io/zone", "nova");
    labels.addProperty("topology.kubernetes.io/region", "RegionOne");
    labels.addProperty("magnum.openstack.org/nodegroup", "default-worker");
    labels.addProperty("magnum.openstack.org/role", "worker");
    extraLabels.forEach(labels::addProperty);
    JsonObject annotations = new JsonObject();
    annotations.addProperty("node.alpha.kubernetes.io/ttl", "0");
    annotations.addProperty("volumes.kubernetes.io/controller-managed-attach-detach", "true");
    annotations.addProperty("flannel.alpha.coreos.com/backend-type", "vxlan");
    annotations.addProperty("flannel.alpha.coreos.com/public-ip", "10.0.0.1");
    JsonObject metadata = new JsonObject();
    metadata.addProperty("name", name);
    metadata.add("labels", labels);
    metadata.add("annotations", annotations);
    JsonObject spec = new JsonObject();
    spec.addProperty("providerID", providerId);
    spec.addProperty("podCIDR", "10.100.0.0/24");
    JsonArray conditions = new JsonArray();
    String[][] kinds = {{"Ready", "True", "KubeletReady"}, {"MemoryPressure", "False", "KubeletHasSufficientMemory"},
        {"DiskPressure", "False", "KubeletHasNoDiskPressure"}, {"PIDPressure", "False", "KubeletHasSufficientPID"},
        {"NetworkUnavailable", "False", "FlannelIsUp"}};
    for (String[] k : kinds) {
      conditions.add(KubeletHarness.condition(k[0], k[1], k[2], "kubelet reports " + k[2], now));
    }
    JsonObject capacity = new JsonObject();
    capacity.addProperty("cpu", "4");
    capacity.addProperty("memory", "8148000Ki");
    capacity.addProperty("pods", "110");
    capacity.addProperty("ephemeral-storage", "41152812Ki");
    JsonObject nodeInfo = new JsonObject();
    nodeInfo.addProperty("kubeletVersion", KubeletHarness.KUBELET_VERSION);
    nodeInfo.addProperty("kubeProxyVersion", "");
    nodeInfo.addProperty("containerRuntimeVersion", "containerd://2.1.0");
    nodeInfo.addProperty("kernelVersion", "6.12.0");
    nodeInfo.addProperty("osImage", "Fedora CoreOS 42");
    nodeInfo.addProperty("operatingSystem", "linux");
    nodeInfo.addProperty("architecture", "amd64");
    nodeInfo.addProperty("machineID", "0123456789abcdef0123456789abcdef");
    nodeInfo.addProperty("systemUUID", "01234567-89ab-cdef-0123-456789abcdef");
    nodeInfo.addProperty("bootID", "fedcba98-7654-3210-fedc-ba9876543210");
    JsonArray images = new JsonArray();
    for (int i = 0; i < 12; i++) {
      JsonObject image = new JsonObject();
      JsonArray names = new JsonArray();
      names.add("registry.example/project/image-" + i + "@sha256:" + "ab".repeat(32));
      names.add("registry.example/project/image-" + i + ":v1." + i);
      image.add("names", names);
      image.addProperty("sizeBytes", 100_000_000L + i);
      images.add(image);
    }
    JsonArray addresses = new JsonArray();
    for (String[] a : new String[][] {{"InternalIP", "10.0.0.1"}, {"Hostname", name}}) {
      JsonObject address = new JsonObject();
      address.addProperty("type", a[0]);
      address.addProperty("address", a[1]);
      addresses.add(address);
    }
    JsonObject status = new JsonObject();
    status.add("conditions", conditions);
    status.add("capacity", capacity);
    status.add("allocatable", capacity);
    status.add("nodeInfo", nodeInfo);
    status.add("images", images);
    status.add("addresses", addresses);
    JsonObject node = new JsonObject();
    node.addProperty("apiVersion", "v1");
    node.addProperty("kind", "Node");
    node.add("metadata", metadata);
    node.add("spec", spec);
    node.add("status", status);
    return node;
  }

  private static JsonObject lease(String name) {
    JsonObject lease = JsonParser.parseString("{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\","
        + "\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"holderIdentity\":\"" + name
        + "\",\"leaseDurationSeconds\":40}}").getAsJsonObject();
    lease.getAsJsonObject("spec").addProperty("renewTime", KubeletHarness.microTime(Instant.now()));
    return lease;
  }

  private static void markUnknown(KubeRest api, String node) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    JsonObject patch = JsonParser.parseString("{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"Unknown\","
        + "\"reason\":\"NodeStatusUnknown\",\"message\":\"Kubelet stopped posting node status.\","
        + "\"lastHeartbeatTime\":\"" + now + "\",\"lastTransitionTime\":\"" + now + "\"}]}}").getAsJsonObject();
    api.patch("/api/v1/nodes/" + node + "/status", KubeRest.STRATEGIC, patch).orThrow();
  }

  /** Requests of healer's user from audit line {@code from} on, by verb and resource. */
  private static Map<String, Integer> requests(RealKubernetes cluster, long from) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    try (var lines = Files.lines(cluster.auditLog())) {
      lines.skip(from).filter(l -> l.contains("\"" + USER + "\"")).map(l -> JsonParser.parseString(l).getAsJsonObject())
          .filter(e -> e.getAsJsonObject("user").get("username").getAsString().equals(USER))
          .forEach(e -> {
            JsonObject ref = e.getAsJsonObject("objectRef");
            String resource = ref == null ? e.get("requestURI").getAsString()
                : ref.get("resource").getAsString() + (ref.has("subresource") ? "/" + ref.get("subresource").getAsString() : "");
            counts.merge(e.get("verb").getAsString() + " " + resource, 1, Integer::sum);
          });
    }
    return counts;
  }

  private static long auditLines(RealKubernetes cluster) throws IOException {
    try (var lines = Files.lines(cluster.auditLog())) {
      return lines.count();
    }
  }

  /** Used heap after two full collections, from {@code jcmd}. */
  private long heapAfterGc(HealerDaemon daemon) {
    String pid = Long.toString(daemon.process().pid());
    Commands.run(dir, List.of("jcmd", pid, "GC.run"));
    Commands.run(dir, List.of("jcmd", pid, "GC.run"));
    String info = Commands.run(dir, List.of("jcmd", pid, "GC.heap_info"));
    if (Boolean.getBoolean("heap.histogram")) {
      Commands.run(dir, List.of("jcmd", pid, "GC.class_histogram")).lines().limit(40).forEach(System.out::println);
    }
    Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("no heap figure in:\n" + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** The daemon's cycles so far: count, mean ms, recent max ms, total seconds, from its /metrics. */
  private static double[] cycles(HealerDaemon daemon) {
    String metrics = daemon.metrics();
    double count = metric(metrics, "healer_cycle_seconds_count");
    double sum = metric(metrics, "healer_cycle_seconds_sum");
    double max = metric(metrics, "healer_cycle_seconds_max");
    return new double[] {count, count == 0 ? 0 : sum / count * 1000, max * 1000, sum};
  }

  private static double metric(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(2)) : 0;
  }
}
