package io.healer.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * Node and node-Lease bodies shaped like what a Magnum cluster's API server returns, for the
 * harnesses that run healer's real Kubernetes side against the loopback API server: five
 * conditions, the labels and annotations kubelet, kubeadm/Magnum and a CNI set, capacity and
 * allocatable, node info, addresses, a dozen cached images and the managed-fields entries an
 * API server keeps. The heap of an informer cache depends on all of that, not just on what
 * healer reads.
 */
final class RealisticNodes {

  private static final String[] CONDITIONS = {"MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable"};

  private RealisticNodes() {}

  /**
   * A node.
   *
   * @param name the node's name
   * @param master whether it is a control-plane node
   * @param serverId its Nova server id (providerID and machine id)
   * @param ip its InternalIP
   * @param group its Magnum node group
   * @param ready the Ready condition's status
   * @param since Ready's last transition
   * @param created the creation time
   */
  static JsonObject node(String name, boolean master, String serverId, String ip, String group, String ready,
      Instant since, Instant created) {
    JsonObject meta = new JsonObject();
    meta.addProperty("name", name);
    meta.addProperty("creationTimestamp", created.toString());
    JsonObject labels = new JsonObject();
    labels.addProperty("beta.kubernetes.io/arch", "amd64");
    labels.addProperty("beta.kubernetes.io/os", "linux");
    labels.addProperty("beta.kubernetes.io/instance-type", master ? "m1.large" : "m1.xlarge");
    labels.addProperty("kubernetes.io/arch", "amd64");
    labels.addProperty("kubernetes.io/hostname", name);
    labels.addProperty("kubernetes.io/os", "linux");
    labels.addProperty("node.kubernetes.io/instance-type", master ? "m1.large" : "m1.xlarge");
    labels.addProperty("topology.kubernetes.io/region", "RegionOne");
    labels.addProperty("topology.kubernetes.io/zone", "nova");
    labels.addProperty("topology.cinder.csi.openstack.org/zone", "nova");
    labels.addProperty("magnum.openstack.org/nodegroup", group);
    labels.addProperty("magnum.openstack.org/role", master ? "master" : "worker");
    if (master) {
      labels.addProperty("node-role.kubernetes.io/master", "");
      labels.addProperty("node-role.kubernetes.io/control-plane", "");
    }
    meta.add("labels", labels);
    JsonObject annotations = new JsonObject();
    annotations.addProperty("node.alpha.kubernetes.io/ttl", "0");
    annotations.addProperty("volumes.kubernetes.io/controller-managed-attach-detach", "true");
    annotations.addProperty("csi.volume.kubernetes.io/nodeid", "{\"cinder.csi.openstack.org\":\"" + serverId + "\"}");
    annotations.addProperty("alpha.kubernetes.io/provided-node-ip", ip);
    annotations.addProperty("flannel.alpha.coreos.com/backend-data", "{\"VNI\":1,\"VtepMAC\":\"0a:58:0a:f4:00:01\"}");
    annotations.addProperty("flannel.alpha.coreos.com/backend-type", "vxlan");
    annotations.addProperty("flannel.alpha.coreos.com/kube-subnet-manager", "true");
    annotations.addProperty("flannel.alpha.coreos.com/public-ip", ip);
    meta.add("annotations", annotations);
    meta.add("managedFields", managedFields(created));

    JsonObject spec = new JsonObject();
    spec.addProperty("providerID", "openstack:///" + serverId);
    spec.addProperty("podCIDR", "10.100." + (Math.abs(name.hashCode()) % 250) + ".0/24");
    JsonArray cidrs = new JsonArray();
    cidrs.add(spec.get("podCIDR").getAsString());
    spec.add("podCIDRs", cidrs);
    if (master) {
      JsonArray taints = new JsonArray();
      JsonObject taint = new JsonObject();
      taint.addProperty("key", "node-role.kubernetes.io/master");
      taint.addProperty("effect", "NoSchedule");
      taints.add(taint);
      spec.add("taints", taints);
    }

    JsonObject status = new JsonObject();
    JsonObject capacity = new JsonObject();
    capacity.addProperty("cpu", "8");
    capacity.addProperty("ephemeral-storage", "41152812Ki");
    capacity.addProperty("hugepages-1Gi", "0");
    capacity.addProperty("hugepages-2Mi", "0");
    capacity.addProperty("memory", "16393364Ki");
    capacity.addProperty("pods", "110");
    status.add("capacity", capacity);
    JsonObject allocatable = capacity.deepCopy();
    allocatable.addProperty("ephemeral-storage", "37926431477");
    allocatable.addProperty("memory", "16290964Ki");
    status.add("allocatable", allocatable);
    JsonArray conditions = new JsonArray();
    for (String type : CONDITIONS) {
      conditions.add(condition(type, "False", created, since, "Kubelet" + (type.equals("NetworkUnavailable")
          ? "RouteCreated" : "Has" + (type.equals("PIDPressure") ? "SufficientPID" : "No" + type)),
          "kubelet has no " + type));
    }
    conditions.add(condition("Ready", ready, since, since, ready.equals("True") ? "KubeletReady" : "NodeStatusUnknown",
        ready.equals("True") ? "kubelet is posting ready status" : "Kubelet stopped posting node status."));
    status.add("conditions", conditions);
    JsonArray addresses = new JsonArray();
    addresses.add(address("InternalIP", ip));
    addresses.add(address("Hostname", name));
    status.add("addresses", addresses);
    JsonObject endpoints = new JsonObject();
    JsonObject kubelet = new JsonObject();
    kubelet.addProperty("Port", 10250);
    endpoints.add("kubeletEndpoint", kubelet);
    status.add("daemonEndpoints", endpoints);
    JsonObject info = new JsonObject();
    info.addProperty("machineID", serverId.replace("-", ""));
    info.addProperty("systemUUID", serverId);
    info.addProperty("bootID", new java.util.UUID(name.hashCode(), 42).toString());
    info.addProperty("kernelVersion", "6.8.9-100.fc38.x86_64");
    info.addProperty("osImage", "Fedora CoreOS 38.20230806.3.0");
    info.addProperty("containerRuntimeVersion", "containerd://1.6.28");
    info.addProperty("kubeletVersion", "v1.28.9");
    info.addProperty("kubeProxyVersion", "v1.28.9");
    info.addProperty("operatingSystem", "linux");
    info.addProperty("architecture", "amd64");
    status.add("nodeInfo", info);
    JsonArray images = new JsonArray();
    String[] names = {"registry.k8s.io/kube-proxy", "docker.io/flannel/flannel", "registry.k8s.io/pause",
        "registry.k8s.io/coredns/coredns", "docker.io/k8scloudprovider/cinder-csi-plugin",
        "registry.k8s.io/sig-storage/csi-node-driver-registrar", "registry.k8s.io/sig-storage/livenessprobe",
        "docker.io/k8scloudprovider/openstack-cloud-controller-manager", "quay.io/prometheus/node-exporter",
        "registry.k8s.io/metrics-server/metrics-server", "docker.io/library/nginx", "docker.io/library/busybox"};
    for (int i = 0; i < names.length; i++) {
      JsonObject image = new JsonObject();
      JsonArray imageNames = new JsonArray();
      imageNames.add(names[i] + "@sha256:" + Long.toHexString(names[i].hashCode() * 31L + 7) + "0".repeat(48));
      imageNames.add(names[i] + ":v1." + i + ".0");
      image.add("names", imageNames);
      image.addProperty("sizeBytes", 10_000_000L + i * 3_000_000L);
      images.add(image);
    }
    status.add("images", images);

    JsonObject node = new JsonObject();
    node.addProperty("apiVersion", "v1");
    node.addProperty("kind", "Node");
    node.add("metadata", meta);
    node.add("spec", spec);
    node.add("status", status);
    return node;
  }

  /** The node's heartbeat Lease in kube-node-lease, renewed at the given time. */
  static JsonObject lease(String node, Instant renewed) {
    JsonObject meta = new JsonObject();
    meta.addProperty("name", node);
    JsonObject owner = new JsonObject();
    owner.addProperty("apiVersion", "v1");
    owner.addProperty("kind", "Node");
    owner.addProperty("name", node);
    owner.addProperty("uid", new java.util.UUID(node.hashCode(), 7).toString());
    JsonArray owners = new JsonArray();
    owners.add(owner);
    meta.add("ownerReferences", owners);
    JsonObject spec = new JsonObject();
    spec.addProperty("holderIdentity", node);
    spec.addProperty("leaseDurationSeconds", 40);
    spec.addProperty("renewTime", renewed.toString().replace("Z", ".000000Z"));
    JsonObject lease = new JsonObject();
    lease.addProperty("apiVersion", "coordination.k8s.io/v1");
    lease.addProperty("kind", "Lease");
    lease.add("metadata", meta);
    lease.add("spec", spec);
    return lease;
  }

  /** Sets the Ready condition of a node body. */
  static JsonObject ready(JsonObject node, String status, Instant since) {
    for (var c : node.getAsJsonObject("status").getAsJsonArray("conditions")) {
      JsonObject condition = c.getAsJsonObject();
      if (condition.get("type").getAsString().equals("Ready")) {
        condition.addProperty("status", status);
        condition.addProperty("lastTransitionTime", since.toString());
        condition.addProperty("lastHeartbeatTime", since.toString());
        condition.addProperty("reason", status.equals("True") ? "KubeletReady" : "NodeStatusUnknown");
        condition.addProperty("message", status.equals("True") ? "kubelet is posting ready status"
            : "Kubelet stopped posting node status.");
      }
    }
    return node;
  }

  private static JsonObject condition(String type, String status, Instant beat, Instant since, String reason,
      String message) {
    JsonObject c = new JsonObject();
    c.addProperty("type", type);
    c.addProperty("status", status);
    c.addProperty("lastHeartbeatTime", beat.toString());
    c.addProperty("lastTransitionTime", since.toString());
    c.addProperty("reason", reason);
    c.addProperty("message", message);
    return c;
  }

  private static JsonObject address(String type, String value) {
    JsonObject a = new JsonObject();
    a.addProperty("type", type);
    a.addProperty("address", value);
    return a;
  }

  /** The managed-fields entries of the kubelet, the controller manager and flannel, as a server keeps them. */
  private static JsonArray managedFields(Instant at) {
    JsonArray fields = new JsonArray();
    fields.add(managed("kubelet", "Update", "", at,
        "{\"f:metadata\":{\"f:annotations\":{\".\":{},\"f:alpha.kubernetes.io/provided-node-ip\":{},"
            + "\"f:volumes.kubernetes.io/controller-managed-attach-detach\":{}},\"f:labels\":{\".\":{},"
            + "\"f:beta.kubernetes.io/arch\":{},\"f:beta.kubernetes.io/os\":{},\"f:kubernetes.io/arch\":{},"
            + "\"f:kubernetes.io/hostname\":{},\"f:kubernetes.io/os\":{}}},\"f:spec\":{\"f:providerID\":{}}}"));
    fields.add(managed("kube-controller-manager", "Update", "", at,
        "{\"f:metadata\":{\"f:annotations\":{\"f:node.alpha.kubernetes.io/ttl\":{}}},\"f:spec\":{\"f:podCIDR\":{},"
            + "\"f:podCIDRs\":{\".\":{},\"v:\\\"10.100.0.0/24\\\"\":{}}}}"));
    fields.add(managed("kubelet", "Update", "status", at,
        "{\"f:status\":{\"f:allocatable\":{\"f:ephemeral-storage\":{},\"f:memory\":{}},\"f:capacity\":{"
            + "\"f:ephemeral-storage\":{},\"f:memory\":{}},\"f:conditions\":{\"k:{\\\"type\\\":\\\"DiskPressure\\\"}\":{"
            + "\"f:lastHeartbeatTime\":{}},\"k:{\\\"type\\\":\\\"MemoryPressure\\\"}\":{\"f:lastHeartbeatTime\":{}},"
            + "\"k:{\\\"type\\\":\\\"PIDPressure\\\"}\":{\"f:lastHeartbeatTime\":{}},\"k:{\\\"type\\\":\\\"Ready\\\"}\":{"
            + "\"f:lastHeartbeatTime\":{},\"f:lastTransitionTime\":{},\"f:message\":{},\"f:reason\":{},\"f:status\":{}}},"
            + "\"f:images\":{},\"f:nodeInfo\":{\"f:bootID\":{}}}}"));
    fields.add(managed("flanneld", "Update", "status", at,
        "{\"f:metadata\":{\"f:annotations\":{\"f:flannel.alpha.coreos.com/backend-data\":{},"
            + "\"f:flannel.alpha.coreos.com/backend-type\":{},\"f:flannel.alpha.coreos.com/kube-subnet-manager\":{},"
            + "\"f:flannel.alpha.coreos.com/public-ip\":{}}},\"f:status\":{\"f:conditions\":{"
            + "\"k:{\\\"type\\\":\\\"NetworkUnavailable\\\"}\":{\".\":{},\"f:lastHeartbeatTime\":{},"
            + "\"f:lastTransitionTime\":{},\"f:message\":{},\"f:reason\":{},\"f:status\":{},\"f:type\":{}}}}}"));
    return fields;
  }

  private static JsonObject managed(String manager, String operation, String subresource, Instant at, String fieldsV1) {
    JsonObject m = new JsonObject();
    m.addProperty("manager", manager);
    m.addProperty("operation", operation);
    m.addProperty("apiVersion", "v1");
    m.addProperty("time", at.toString());
    m.addProperty("fieldsType", "FieldsV1");
    m.add("fieldsV1", com.google.gson.JsonParser.parseString(fieldsV1));
    if (!subresource.isEmpty()) {
      m.addProperty("subresource", subresource);
    }
    return m;
  }
}
