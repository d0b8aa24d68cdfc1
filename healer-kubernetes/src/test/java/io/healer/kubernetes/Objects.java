package io.healer.kubernetes;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;

/** JSON bodies of the Kubernetes objects tests put into the {@link FakeApiServer} (also used by the daemon's tests). */
public final class Objects {

  public static final String NODES = "/api/v1/nodes";
  public static final String NODE_LEASES = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";

  private Objects() {}

  public static String node(String name) {
    return NODES + "/" + name;
  }

  /** A worker node whose Ready condition has the given status since the given time. */
  public static JsonObject node(String name, String ready, Instant since) {
    JsonObject node = new JsonObject();
    JsonObject meta = meta(name);
    meta.addProperty("creationTimestamp", "2025-01-01T00:00:00Z");
    node.add("metadata", meta);
    JsonObject spec = new JsonObject();
    spec.addProperty("providerID", "openstack:///" + name + "-id");
    node.add("spec", spec);
    JsonObject status = new JsonObject();
    JsonObject info = new JsonObject();
    info.addProperty("machineID", name + "-machine");
    // client-java rejects a NodeSystemInfo without its required fields, as a real server sends them.
    for (String field : new String[] {"bootID", "systemUUID", "kernelVersion", "osImage", "containerRuntimeVersion",
        "kubeletVersion", "kubeProxyVersion", "operatingSystem", "architecture"}) {
      info.addProperty(field, "x");
    }
    status.add("nodeInfo", info);
    JsonArray addresses = new JsonArray();
    addresses.add(address("InternalIP", "10.0.0." + Math.abs(name.hashCode() % 250)));
    addresses.add(address("Hostname", name));
    status.add("addresses", addresses);
    JsonArray conditions = new JsonArray();
    JsonObject c = new JsonObject();
    c.addProperty("type", "Ready");
    c.addProperty("status", ready);
    c.addProperty("lastTransitionTime", since.toString());
    c.addProperty("lastHeartbeatTime", since.toString());
    c.addProperty("reason", "KubeletReady");
    c.addProperty("message", "kubelet is posting ready status");
    conditions.add(c);
    status.add("conditions", conditions);
    node.add("status", status);
    return node;
  }

  public static JsonObject labelled(JsonObject object, String key, String value) {
    JsonObject meta = object.getAsJsonObject("metadata");
    if (!meta.has("labels")) {
      meta.add("labels", new JsonObject());
    }
    meta.getAsJsonObject("labels").addProperty(key, value);
    return object;
  }

  public static JsonObject annotated(JsonObject object, String key, String value) {
    JsonObject meta = object.getAsJsonObject("metadata");
    if (!meta.has("annotations")) {
      meta.add("annotations", new JsonObject());
    }
    meta.getAsJsonObject("annotations").addProperty(key, value);
    return object;
  }

  /**
   * Cordons a node as {@code manager} did at {@code at}: {@code spec.unschedulable} and the
   * managed-fields entry the API server writes for that update.
   */
  public static JsonObject cordonedBy(JsonObject node, String manager, Instant at) {
    node.getAsJsonObject("spec").addProperty("unschedulable", true);
    node.getAsJsonObject("metadata").add("managedFields", com.google.gson.JsonParser.parseString(
        "[{\"manager\":\"kubelet\",\"operation\":\"Update\",\"apiVersion\":\"v1\",\"time\":\"" + at.minusSeconds(600)
            + "\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:status\":{\"f:conditions\":{}}}},"
            + "{\"manager\":\"" + manager + "\",\"operation\":\"Update\",\"apiVersion\":\"v1\",\"time\":\"" + at
            + "\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:spec\":{\"f:unschedulable\":{}}}}]"));
    return node;
  }

  /** Sets a node's Ready condition. */
  public static JsonObject ready(JsonObject node, String status, Instant since) {
    JsonObject c = node.getAsJsonObject("status").getAsJsonArray("conditions").get(0).getAsJsonObject();
    c.addProperty("status", status);
    c.addProperty("lastTransitionTime", since.toString());
    return node;
  }

  public static JsonObject nodeLease(String node, Instant renewed) {
    JsonObject lease = new JsonObject();
    lease.add("metadata", meta(node));
    JsonObject spec = new JsonObject();
    spec.addProperty("holderIdentity", node);
    spec.addProperty("leaseDurationSeconds", 40);
    spec.addProperty("renewTime", renewed.toString().replace("Z", ".000000Z"));
    lease.add("spec", spec);
    return lease;
  }

  public static JsonObject configMap(String name) {
    JsonObject cm = new JsonObject();
    cm.add("metadata", meta(name));
    cm.add("data", new JsonObject());
    return cm;
  }

  public static JsonObject pod(String name, String node, String app) {
    JsonObject pod = new JsonObject();
    JsonObject meta = meta(name);
    JsonObject labels = new JsonObject();
    labels.addProperty("app", app);
    meta.add("labels", labels);
    pod.add("metadata", meta);
    JsonObject spec = new JsonObject();
    spec.addProperty("nodeName", node);
    JsonArray containers = new JsonArray();
    JsonObject container = new JsonObject();
    container.addProperty("name", "main");
    container.addProperty("image", "app");
    containers.add(container);
    spec.add("containers", containers);
    pod.add("spec", spec);
    // What a kubelet reports for a started pod: Running and Ready (budgets count only Ready pods).
    JsonObject status = new JsonObject();
    status.addProperty("phase", "Running");
    JsonObject ready = new JsonObject();
    ready.addProperty("type", "Ready");
    ready.addProperty("status", "True");
    JsonArray conditions = new JsonArray();
    conditions.add(ready);
    status.add("conditions", conditions);
    pod.add("status", status);
    return pod;
  }

  public static JsonObject budget(String name, String app, int disruptionsAllowed) {
    JsonObject pdb = new JsonObject();
    pdb.add("metadata", meta(name));
    JsonObject spec = new JsonObject();
    JsonObject selector = new JsonObject();
    JsonObject match = new JsonObject();
    match.addProperty("app", app);
    selector.add("matchLabels", match);
    spec.add("selector", selector);
    pdb.add("spec", spec);
    JsonObject status = new JsonObject();
    status.addProperty("disruptionsAllowed", disruptionsAllowed);
    pdb.add("status", status);
    return pdb;
  }

  private static JsonObject meta(String name) {
    JsonObject meta = new JsonObject();
    meta.addProperty("name", name);
    return meta;
  }

  private static JsonObject address(String type, String value) {
    JsonObject a = new JsonObject();
    a.addProperty("type", type);
    a.addProperty("address", value);
    return a;
  }
}
