package io.healer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TolerantJsonTest {

  /** A Node as a 1.37 kubelet reports it: declaredFeatures and runningInUserNamespace are newer than the models. */
  private static final String NODE_OF_A_1_37_KUBELET = """
      {"apiVersion":"v1","kind":"Node",
       "metadata":{"name":"worker-1","creationTimestamp":"2026-12-03T07:00:00Z","resourceVersion":"42"},
       "spec":{"providerID":"openstack:///abc","someFutureSpecField":{"x":1}},
       "status":{"capacity":{"cpu":"4","memory":"8Gi"},
         "conditions":[{"type":"Ready","status":"True","lastHeartbeatTime":"2026-12-03T07:01:02Z",
                        "lastTransitionTime":"2026-12-03T07:00:10Z","reason":"KubeletReady"}],
         "nodeInfo":{"kubeletVersion":"v1.37.2","runningInUserNamespace":false},
         "declaredFeatures":["ExtendWebsocketsToKubelet","VolumeBindMountOptions"]}}""";

  @BeforeAll
  static void install() {
    TolerantJson.install();
  }

  @Test
  void aNodeWithFieldsNewerThanTheModelsIsReadWithEveryKnownField() {
    V1Node node = JSON.deserialize(NODE_OF_A_1_37_KUBELET, V1Node.class);

    assertThat(node.getMetadata().getName()).isEqualTo("worker-1");
    assertThat(node.getMetadata().getCreationTimestamp()).isEqualTo(OffsetDateTime.of(2026, 12, 3, 7, 0, 0, 0, ZoneOffset.UTC));
    assertThat(node.getSpec().getProviderID()).isEqualTo("openstack:///abc");
    assertThat(node.getStatus().getCapacity().get("memory")).isEqualTo(Quantity.fromString("8Gi"));
    assertThat(node.getStatus().getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getLastTransitionTime()).isEqualTo(OffsetDateTime.of(2026, 12, 3, 7, 0, 10, 0, ZoneOffset.UTC));
    });
    assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.37.2");
  }

  @Test
  void aPodWithNewerFieldsIsRead() {
    V1Pod pod = JSON.deserialize("""
        {"metadata":{"name":"web-0","namespace":"default"},
         "spec":{"nodeName":"worker-1","containers":[{"name":"c","image":"i"}],"hostnameOverride":"h",
                 "workloadRef":{"name":"w"}},
         "status":{"phase":"Running","allocatedResources":{"cpu":"1"},"extendedResourceClaimStatus":{}}}""", V1Pod.class);

    assertThat(pod.getSpec().getNodeName()).isEqualTo("worker-1");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void writtenObjectsKeepTheServersTimeFormats() {
    OffsetDateTime renewed = OffsetDateTime.of(2026, 12, 3, 7, 1, 2, 345_678_000, ZoneOffset.UTC);
    String json = JSON.serialize(new V1Lease().spec(new V1LeaseSpec().holderIdentity("a").renewTime(renewed)));

    // MicroTime: the API server parses exactly six fraction digits.
    assertThat(json).contains("\"renewTime\":\"2026-12-03T07:01:02.345678Z\"").contains("\"holderIdentity\":\"a\"");
    V1Lease read = JSON.deserialize(json, V1Lease.class);
    assertThat(read.getSpec().getRenewTime()).isEqualTo(renewed);
  }
}
