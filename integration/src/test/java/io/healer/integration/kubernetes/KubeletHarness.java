package io.healer.integration.kubernetes;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the kubelets of a cluster that has none: registers Nodes with a Ready status, renews each
 * node's heartbeat Lease in {@code kube-node-lease} every {@link #RENEW_EVERY}, and stops or resumes
 * a node's heartbeat on request. What happens to a silent node is the real node-lifecycle
 * controller's doing: it marks it {@code Ready=Unknown} and taints it, exactly as in a real cluster.
 */
public final class KubeletHarness implements AutoCloseable {

  /** How often a live node's Lease is renewed (a real kubelet: 10 s, with a 40 s Lease). */
  public static final Duration RENEW_EVERY = Duration.ofSeconds(2);

  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** The kubelet version the harness reports: the control plane's own. */
  public static final String KUBELET_VERSION = "v1.37.2";

  private final KubeRest api;
  private final Set<String> beating = ConcurrentHashMap.newKeySet();
  /** Nodes whose kubelet posts its Ready status every {@link #RENEW_EVERY} but renews no Lease. */
  private final Set<String> statusOnly = ConcurrentHashMap.newKeySet();
  private final Map<String, Machine> machines = new ConcurrentHashMap<>();
  private final ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kubelet-harness");
    t.setDaemon(true);
    return t;
  });

  public KubeletHarness(RealKubernetes cluster) {
    this.api = cluster.rest();
    heart.scheduleWithFixedDelay(this::renewAll, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Registers a node as a kubelet would: the Node with its provider id, labels and a Ready status,
   * then its heartbeat Lease; its heart beats from now on.
   *
   * @param name the node's name
   * @param providerId {@code openstack:///SERVER-ID}
   * @param labels extra labels (a role label for a master)
   */
  public void register(String name, String providerId, Map<String, String> labels) {
    register(name, providerId, new Machine("", ""), labels, false);
  }

  /**
   * What a kubelet reports of the machine it runs on: {@code status.nodeInfo.machineID} (its
   * {@code /etc/machine-id}) and its {@code InternalIP} address; empty strings for none.
   */
  public record Machine(String machineId, String internalIp) {}

  /**
   * As {@link #register(String, String, Map)}, the node's status also naming its machine: the Go
   * magnum-auto-healer finds a node's server by its {@code machineID}, not its provider id. The
   * Node also carries the annotation a kubelet registers it with, {@code
   * volumes.kubernetes.io/controller-managed-attach-detach: "true"} (the Go healer's Endpoint check
   * panics on a Node with no annotations at all: it writes into a nil map).
   */
  public void register(String name, String providerId, Machine machine, Map<String, String> labels) {
    register(name, providerId, machine, labels, true);
  }

  private void register(String name, String providerId, Machine machine, Map<String, String> labels,
      boolean kubeletAnnotation) {
    machines.put(name, machine);
    JsonObject node = new JsonObject();
    node.addProperty("apiVersion", "v1");
    node.addProperty("kind", "Node");
    JsonObject metadata = new JsonObject();
    metadata.addProperty("name", name);
    JsonObject labelJson = new JsonObject();
    labelJson.addProperty("kubernetes.io/hostname", name);
    labelJson.addProperty("kubernetes.io/os", "linux");
    labels.forEach(labelJson::addProperty);
    metadata.add("labels", labelJson);
    if (kubeletAnnotation) {
      JsonObject annotations = new JsonObject();
      annotations.addProperty("volumes.kubernetes.io/controller-managed-attach-detach", "true");
      metadata.add("annotations", annotations);
    }
    node.add("metadata", metadata);
    JsonObject spec = new JsonObject();
    spec.addProperty("providerID", providerId);
    node.add("spec", spec);
    api.post("/api/v1/nodes", node).orThrow();
    postReady(name);
    JsonObject lease = new JsonObject();
    lease.addProperty("apiVersion", "coordination.k8s.io/v1");
    lease.addProperty("kind", "Lease");
    JsonObject leaseMeta = new JsonObject();
    leaseMeta.addProperty("name", name);
    lease.add("metadata", leaseMeta);
    JsonObject leaseSpec = new JsonObject();
    leaseSpec.addProperty("holderIdentity", name);
    leaseSpec.addProperty("leaseDurationSeconds", 40);
    leaseSpec.addProperty("renewTime", microTime(Instant.now()));
    lease.add("spec", leaseSpec);
    api.post("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", lease).orThrow();
    beating.add(name);
  }

  /** The kubelet of a node dies: no more Lease renewals or status posts. */
  public void stopHeartbeat(String name) {
    beating.remove(name);
  }

  /** The kubelet comes back (after a reboot, say): it posts Ready=True and renews its Lease again. */
  public void resumeHeartbeat(String name) {
    statusOnly.remove(name);
    postReady(name);
    renew(name);
    beating.add(name);
  }

  /**
   * The kubelet reaches the API server again but cannot post its status: its Lease is renewed
   * from now on, its conditions are left as they are (Unknown, where the controller marked them).
   */
  public void resumeLeaseOnly(String name) {
    renew(name);
    beating.add(name);
  }

  /**
   * The kubelet's Lease is no longer renewed, but it posts its Ready condition (a fresh heartbeat
   * time) every {@link #RENEW_EVERY}: the controller, which counts a status change as a heartbeat
   * too, keeps the node Ready.
   */
  public void statusWithoutLease(String name) {
    beating.remove(name);
    statusOnly.add(name);
  }

  /**
   * Posts one condition of a node as a problem detector or the kubelet's eviction manager does
   * (a strategic merge by type, heartbeat and transition now), leaving the others as they are.
   */
  public void setCondition(String name, String type, String status, String reason, String message) {
    JsonArray conditions = new JsonArray();
    conditions.add(condition(type, status, reason, message, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
    JsonObject nodeStatus = new JsonObject();
    nodeStatus.add("conditions", conditions);
    JsonObject patch = new JsonObject();
    patch.add("status", nodeStatus);
    api.patch("/api/v1/nodes/" + name + "/status", KubeRest.STRATEGIC, patch).orThrow();
  }

  /** Deletes a node's Node object and Lease, and stops its heart. */
  public void remove(String name) {
    beating.remove(name);
    statusOnly.remove(name);
    machines.remove(name);
    api.delete("/api/v1/nodes/" + name, null);
    api.delete("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + name, null);
  }

  /** Removes every Node and node Lease of the cluster: each test starts from none. */
  public void removeAll() {
    for (var item : api.get("/api/v1/nodes").orThrow().getAsJsonArray("items")) {
      remove(item.getAsJsonObject().getAsJsonObject("metadata").get("name").getAsString());
    }
  }

  /** A node's condition status ("True", "Unknown") as stored, or "absent". */
  public String condition(String node, String type) {
    KubeRest.Answer answer = api.get("/api/v1/nodes/" + node);
    if (!answer.ok() || !answer.body().getAsJsonObject("status").has("conditions")) {
      return "absent";
    }
    for (var c : answer.body().getAsJsonObject("status").getAsJsonArray("conditions")) {
      JsonObject condition = c.getAsJsonObject();
      if (condition.get("type").getAsString().equals(type)) {
        return condition.get("status").getAsString();
      }
    }
    return "absent";
  }

  /** Whether a node carries a taint with this key. */
  public boolean tainted(String node, String key) {
    return taint(node, key).isPresent();
  }

  /** The node's taint with this key ({@code key}, {@code value}, {@code effect}...), if it has one. */
  public Optional<JsonObject> taint(String node, String key) {
    JsonObject spec = api.get("/api/v1/nodes/" + node).orThrow().getAsJsonObject("spec");
    if (spec.has("taints")) {
      for (var t : spec.getAsJsonArray("taints")) {
        if (t.getAsJsonObject().get("key").getAsString().equals(key)) {
          return Optional.of(t.getAsJsonObject());
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    heart.shutdownNow();
    beating.clear();
    statusOnly.clear();
  }

  private void renewAll() {
    for (String name : beating) {
      try {
        renew(name);
      } catch (RuntimeException e) {
        System.out.println("[kubelet-harness] renewing " + name + " failed: " + e.getMessage());
      }
    }
    for (String name : statusOnly) {
      try {
        setCondition(name, "Ready", "True", "KubeletReady", "kubelet is posting ready status");
      } catch (RuntimeException e) {
        System.out.println("[kubelet-harness] posting the status of " + name + " failed: " + e.getMessage());
      }
    }
  }

  private void renew(String name) {
    JsonObject patch = new JsonObject();
    JsonObject spec = new JsonObject();
    spec.addProperty("renewTime", microTime(Instant.now()));
    patch.add("spec", spec);
    api.patch("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + name, KubeRest.MERGE, patch);
  }

  private void postReady(String name) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    JsonArray conditions = new JsonArray();
    conditions.add(condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now));
    conditions.add(condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "enough memory", now));
    conditions.add(condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "enough disk", now));
    conditions.add(condition("PIDPressure", "False", "KubeletHasSufficientPID", "enough PIDs", now));
    JsonObject status = new JsonObject();
    status.add("conditions", conditions);
    // What a 1.37 kubelet reports beside its conditions: fields an older client's models do not know
    // (declaredFeatures is GA in 1.37, runningInUserNamespace beta and on by default).
    JsonObject nodeInfo = new JsonObject();
    nodeInfo.addProperty("kubeletVersion", KUBELET_VERSION);
    nodeInfo.addProperty("kubeProxyVersion", "");
    nodeInfo.addProperty("operatingSystem", "linux");
    nodeInfo.addProperty("architecture", "amd64");
    nodeInfo.addProperty("containerRuntimeVersion", "containerd://2.1.0");
    nodeInfo.addProperty("kernelVersion", "6.12.0");
    nodeInfo.addProperty("osImage", "Debian GNU/Linux 13 (trixie)");
    Machine machine = machines.getOrDefault(name, new Machine("", ""));
    nodeInfo.addProperty("machineID", machine.machineId());
    nodeInfo.addProperty("systemUUID", "");
    nodeInfo.addProperty("bootID", "");
    nodeInfo.addProperty("runningInUserNamespace", false);
    status.add("nodeInfo", nodeInfo);
    if (!machine.internalIp().isEmpty()) {
      JsonArray addresses = new JsonArray();
      JsonObject internal = new JsonObject();
      internal.addProperty("type", "InternalIP");
      internal.addProperty("address", machine.internalIp());
      addresses.add(internal);
      JsonObject hostname = new JsonObject();
      hostname.addProperty("type", "Hostname");
      hostname.addProperty("address", name);
      addresses.add(hostname);
      status.add("addresses", addresses);
    }
    JsonArray declared = new JsonArray();
    declared.add("ExtendWebsocketsToKubelet");
    declared.add("VolumeBindMountOptions");
    status.add("declaredFeatures", declared);
    JsonObject patch = new JsonObject();
    patch.add("status", status);
    // A strategic merge patch merges conditions by type, as the kubelet's own status update does.
    api.patch("/api/v1/nodes/" + name + "/status", KubeRest.STRATEGIC, patch).orThrow();
  }

  /** A node condition as a kubelet posts it, heartbeat and transition at {@code now}. */
  static JsonObject condition(String type, String status, String reason, String message, String now) {
    JsonObject c = new JsonObject();
    c.addProperty("type", type);
    c.addProperty("status", status);
    c.addProperty("reason", reason);
    c.addProperty("message", message);
    c.addProperty("lastHeartbeatTime", now);
    c.addProperty("lastTransitionTime", now);
    return c;
  }

  /** Kubernetes' MicroTime: RFC 3339 with exactly six fraction digits. */
  static String microTime(Instant t) {
    return MICRO_TIME.format(t);
  }
}
