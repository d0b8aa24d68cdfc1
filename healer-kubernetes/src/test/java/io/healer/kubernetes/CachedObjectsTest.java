package io.healer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CachedObjectsTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final CachedObjects kept = new CachedObjects();

  /** A node as a kubelet reports it: images, capacity, managed fields, a taint, machine ID. */
  private static V1Node fullNode(String name) {
    var json = Objects.node(name, "False", T0);
    Objects.labelled(json, "topology.kubernetes.io/zone", "nova-1");
    Objects.annotated(json, "flannel.alpha.coreos.com/public-ip", "10.0.0." + name.length());
    var status = json.getAsJsonObject("status");
    status.add("images", com.google.gson.JsonParser.parseString(
        "[{\"names\":[\"registry.k8s.io/pause:3.10\"],\"sizeBytes\":320368}]"));
    status.add("capacity", com.google.gson.JsonParser.parseString("{\"cpu\":\"4\",\"memory\":\"8Gi\"}"));
    status.add("nodeInfo", com.google.gson.JsonParser.parseString("{\"machineID\":\"0f3c\",\"kubeletVersion\":"
        + "\"v1.37.2\",\"osImage\":\"Fedora CoreOS\",\"architecture\":\"amd64\",\"bootID\":\"b\",\"containerRuntimeVersion\":"
        + "\"containerd://2.1\",\"kernelVersion\":\"6.1\",\"kubeProxyVersion\":\"\",\"operatingSystem\":\"linux\","
        + "\"systemUUID\":\"s\"}"));
    json.getAsJsonObject("metadata").add("managedFields", com.google.gson.JsonParser.parseString(
        "[{\"manager\":\"kubelet\",\"operation\":\"Update\",\"apiVersion\":\"v1\",\"fieldsType\":\"FieldsV1\","
            + "\"fieldsV1\":{\"f:status\":{\"f:images\":{}}}}]"));
    json.getAsJsonObject("metadata").addProperty("resourceVersion", "41");
    json.add("spec", com.google.gson.JsonParser.parseString("{\"providerID\":\"openstack:///0f3c\",\"unschedulable\":true,"
        + "\"taints\":[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"}],\"podCIDR\":\"10.100.1.0/24\"}"));
    return new JSON().deserialize(json.toString(), V1Node.class);
  }

  @Test
  void healerSeesTheSameNodeFromWhatIsKept() {
    V1Node full = fullNode("worker-1");
    V1Lease lease = new JSON().deserialize(Objects.nodeLease("worker-1", T0.plusSeconds(30)).toString(), V1Lease.class);

    assertThat(NodeMapper.map(kept.node(full), kept.lease(lease))).isEqualTo(NodeMapper.map(full, lease));
    V1Node node = kept.node(full);
    assertThat(node.getMetadata().getResourceVersion()).as("the version writes are checked against").isEqualTo("41");
    assertThat(node.getSpec().getUnschedulable()).isTrue();
    assertThat(node.getSpec().getTaints()).extracting(t -> t.getKey()).containsExactly("node.kubernetes.io/unreachable");
  }

  @Test
  void dropsWhatHealerNeverReads() {
    V1Node node = kept.node(fullNode("worker-1"));

    assertThat(node.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(node.getStatus().getImages()).isNullOrEmpty();
    assertThat(node.getStatus().getCapacity()).isNullOrEmpty();
    assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isNull();
    assertThat(node.getSpec().getPodCIDR()).isNull();
  }

  @Test
  void keepsEqualStringsOnceAcrossNodes() {
    V1Node one = kept.node(fullNode("worker-1"));
    V1Node two = kept.node(fullNode("worker-2"));

    String zone = "topology.kubernetes.io/zone";
    assertThat(key(two, zone)).isSameAs(key(one, zone));
    assertThat(two.getMetadata().getLabels().get(zone)).isSameAs(one.getMetadata().getLabels().get(zone));
  }

  @Test
  void passesNothingAsNothing() {
    assertThat(kept.node(null)).isNull();
    assertThat(kept.lease(null)).isNull();
    assertThat(kept.node(new V1Node()).getMetadata()).isNull();
  }

  private static String key(V1Node node, String key) {
    return node.getMetadata().getLabels().keySet().stream().filter(key::equals).findFirst().orElseThrow();
  }
}
