package io.healer.integration.kubernetes;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Plays the kubelet's part for pods, in one namespace of a cluster that has no kubelets: binds pods
 * to nodes (the scheduler's {@code spec.nodeName}), reports them Running and Ready as a kubelet
 * does once their containers started, and finishes the termination of a pod the API server marked
 * for deletion, the way a kubelet does after its containers stopped (a delete with a grace period of
 * zero and the pod's UID as precondition). Nothing is finished unless a test asks: a pod on a node
 * without a kubelet stays Terminating, as on a real dead node.
 *
 * <p>Everything goes through {@link KubeRest}, as raw JSON.
 */
final class PodHarness implements AutoCloseable {

  /** The grace period of every pod it creates (the API server's default too). */
  static final long GRACE_SECONDS = 30;

  private final KubeRest api;
  private final String namespace;

  /** Creates the namespace; {@link #close()} deletes it with everything in it. */
  PodHarness(RealKubernetes cluster, String namespace) {
    this.api = cluster.rest();
    this.namespace = namespace;
    JsonObject ns = object("v1", "Namespace", namespace);
    api.post("/api/v1/namespaces", ns).orThrow();
  }

  /** The namespace the pods live in. */
  String namespace() {
    return namespace;
  }

  /** A pod of app {@code app}, bound to {@code node}, Running and Ready. */
  JsonObject running(String name, String node, String app) {
    return ready(create(pod(name, node, app)));
  }

  /** A Running and Ready pod of app {@code app} on {@code node} that mounts the PersistentVolumeClaim {@code claim}. */
  JsonObject runningWithClaim(String name, String node, String app, String claim) {
    JsonObject pod = pod(name, node, app);
    JsonObject source = new JsonObject();
    source.addProperty("claimName", claim);
    JsonObject volume = new JsonObject();
    volume.addProperty("name", "data");
    volume.add("persistentVolumeClaim", source);
    JsonArray volumes = new JsonArray();
    volumes.add(volume);
    pod.getAsJsonObject("spec").add("volumes", volumes);
    return ready(create(pod));
  }

  /** A pod of app {@code app} bound to {@code node} whose kubelet has not started it: Pending. */
  JsonObject pending(String name, String node, String app) {
    return create(pod(name, node, app));
  }

  /** Whether the pod exists and its Ready condition is True. */
  boolean ready(String name) {
    return get(name).map(p -> {
      JsonObject status = p.getAsJsonObject("status");
      if (status == null || !status.has("conditions")) {
        return false;
      }
      for (var c : status.getAsJsonArray("conditions")) {
        JsonObject condition = c.getAsJsonObject();
        if (condition.get("type").getAsString().equals("Ready")) {
          return condition.get("status").getAsString().equals("True");
        }
      }
      return false;
    }).orElse(false);
  }

  /** A pod owned by a DaemonSet (created here, so the garbage collector sees a live owner), Running and Ready. */
  JsonObject daemonSetPod(String name, String node, String daemonSet) {
    JsonObject ds = object("apps/v1", "DaemonSet", daemonSet);
    JsonObject selector = new JsonObject();
    selector.add("matchLabels", labels("app", daemonSet));
    JsonObject template = new JsonObject();
    JsonObject templateMeta = new JsonObject();
    templateMeta.add("labels", labels("app", daemonSet));
    template.add("metadata", templateMeta);
    template.add("spec", pod(name, null, daemonSet).getAsJsonObject("spec"));
    JsonObject spec = new JsonObject();
    spec.add("selector", selector);
    spec.add("template", template);
    ds.add("spec", spec);
    JsonObject created = api.post("/apis/apps/v1/namespaces/" + namespace + "/daemonsets", ds).orThrow();

    JsonObject owner = new JsonObject();
    owner.addProperty("apiVersion", "apps/v1");
    owner.addProperty("kind", "DaemonSet");
    owner.addProperty("name", daemonSet);
    owner.addProperty("uid", created.getAsJsonObject("metadata").get("uid").getAsString());
    owner.addProperty("controller", true);
    JsonArray owners = new JsonArray();
    owners.add(owner);
    JsonObject pod = pod(name, node, daemonSet);
    pod.getAsJsonObject("metadata").add("ownerReferences", owners);
    return ready(create(pod));
  }

  /** A mirror pod: the API server's copy of a static pod the kubelet of {@code node} runs from a file. */
  JsonObject mirrorPod(String name, String node) {
    JsonObject pod = pod(name, node, "static");
    JsonObject annotations = new JsonObject();
    annotations.addProperty("kubernetes.io/config.mirror", "static-" + name);
    pod.getAsJsonObject("metadata").add("annotations", annotations);
    return ready(create(pod));
  }

  /** A PodDisruptionBudget over app {@code app} that keeps {@code minAvailable} pods (an integer). */
  void budget(String name, String app, int minAvailable) {
    JsonObject pdb = object("policy/v1", "PodDisruptionBudget", name);
    JsonObject spec = new JsonObject();
    spec.addProperty("minAvailable", minAvailable);
    JsonObject selector = new JsonObject();
    selector.add("matchLabels", labels("app", app));
    spec.add("selector", selector);
    pdb.add("spec", spec);
    api.post("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets", pdb).orThrow();
  }

  /**
   * The budget's status as the disruption controller last computed it for the budget's current
   * spec, or empty while it has not.
   */
  Optional<JsonObject> budgetStatus(String name) {
    KubeRest.Answer answer = api.get("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets/" + name);
    if (!answer.ok() || !answer.body().has("status")) {
      return Optional.empty();
    }
    JsonObject status = answer.body().getAsJsonObject("status");
    long generation = answer.body().getAsJsonObject("metadata").get("generation").getAsLong();
    return status.has("observedGeneration") && status.get("observedGeneration").getAsLong() == generation
        ? Optional.of(status) : Optional.empty();
  }

  /** The pod as stored, or empty once it is deleted. */
  Optional<JsonObject> get(String name) {
    KubeRest.Answer answer = api.get(path(name));
    return answer.code() == 404 ? Optional.empty() : Optional.of(answer.orThrow());
  }

  /** Whether the pod exists and the API server marked it for deletion (kubectl shows "Terminating"). */
  boolean terminating(String name) {
    return get(name).map(p -> p.getAsJsonObject("metadata").has("deletionTimestamp")).orElse(false);
  }

  /** Whether the pod exists and nobody asked to delete it. */
  boolean untouched(String name) {
    return get(name).map(p -> !p.getAsJsonObject("metadata").has("deletionTimestamp")).orElse(false);
  }

  /**
   * The kubelet's last step for a pod being deleted: its containers stopped, it deletes the pod for
   * good. Fails unless the pod is Terminating: a kubelet only finishes what the API server began.
   */
  void finishTermination(String name) {
    JsonObject pod = get(name).orElseThrow(() -> new AssertionError("pod " + name + " does not exist"));
    if (!pod.getAsJsonObject("metadata").has("deletionTimestamp")) {
      throw new AssertionError("pod " + name + " is not Terminating; a kubelet would leave it running");
    }
    api.delete(path(name), deleteOptions(0, pod.getAsJsonObject("metadata").get("uid").getAsString())).orThrow();
  }

  /** Deletes every pod at once (no kubelet would), then the namespace. */
  @Override
  public void close() {
    for (var item : api.get("/api/v1/namespaces/" + namespace + "/pods").orThrow().getAsJsonArray("items")) {
      String name = item.getAsJsonObject().getAsJsonObject("metadata").get("name").getAsString();
      api.delete(path(name), deleteOptions(0, null));
    }
    api.delete("/api/v1/namespaces/" + namespace, null);
  }

  private JsonObject create(JsonObject pod) {
    return api.post("/api/v1/namespaces/" + namespace + "/pods", pod).orThrow();
  }

  /** What the kubelet reports once the containers run and pass their readiness probes. */
  private JsonObject ready(JsonObject pod) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    JsonArray conditions = new JsonArray();
    for (String type : new String[] {"PodScheduled", "Initialized", "ContainersReady", "Ready"}) {
      JsonObject c = new JsonObject();
      c.addProperty("type", type);
      c.addProperty("status", "True");
      c.addProperty("lastTransitionTime", now);
      conditions.add(c);
    }
    JsonObject status = new JsonObject();
    status.addProperty("phase", "Running");
    status.addProperty("startTime", now);
    status.add("conditions", conditions);
    JsonObject patch = new JsonObject();
    patch.add("status", status);
    String name = pod.getAsJsonObject("metadata").get("name").getAsString();
    return api.patch(path(name) + "/status", KubeRest.MERGE, patch).orThrow();
  }

  private JsonObject pod(String name, String node, String app) {
    JsonObject pod = object("v1", "Pod", name);
    pod.getAsJsonObject("metadata").add("labels", labels("app", app));
    JsonObject container = new JsonObject();
    container.addProperty("name", "main");
    container.addProperty("image", "registry.k8s.io/pause:3.10");
    JsonArray containers = new JsonArray();
    containers.add(container);
    JsonObject spec = new JsonObject();
    if (node != null) {
      spec.addProperty("nodeName", node);
    }
    spec.addProperty("terminationGracePeriodSeconds", GRACE_SECONDS);
    spec.add("containers", containers);
    pod.add("spec", spec);
    return pod;
  }

  private String path(String name) {
    return "/api/v1/namespaces/" + namespace + "/pods/" + name;
  }

  private static JsonObject deleteOptions(long graceSeconds, String uid) {
    JsonObject options = new JsonObject();
    options.addProperty("apiVersion", "v1");
    options.addProperty("kind", "DeleteOptions");
    options.addProperty("gracePeriodSeconds", graceSeconds);
    if (uid != null) {
      JsonObject preconditions = new JsonObject();
      preconditions.addProperty("uid", uid);
      options.add("preconditions", preconditions);
    }
    return options;
  }

  private static JsonObject object(String apiVersion, String kind, String name) {
    JsonObject o = new JsonObject();
    o.addProperty("apiVersion", apiVersion);
    o.addProperty("kind", kind);
    JsonObject meta = new JsonObject();
    meta.addProperty("name", name);
    o.add("metadata", meta);
    return o;
  }

  private static JsonObject labels(String key, String value) {
    JsonObject labels = new JsonObject();
    labels.addProperty(key, value);
    return labels;
  }
}
