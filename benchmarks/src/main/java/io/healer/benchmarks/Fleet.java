package io.healer.benchmarks;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.fakes.Nodes;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster of 3 masters and {@code n - 3} workers, one in a thousand NotReady, as healer's own
 * model and as the Kubernetes NodeList the informer would decode: the same nodes, field for field.
 */
final class Fleet {

  static final Instant CREATED = Instant.parse("2025-12-01T00:00:00Z");
  static final Instant NOT_READY_SINCE = Instant.parse("2025-12-31T23:00:00Z");

  private Fleet() {}

  static boolean notReady(int i) {
    return i % 1000 == 999;
  }

  /** The nodes as healer's engine sees them. */
  static List<NodeInfo> nodes(int n) {
    List<NodeInfo> nodes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NodeInfo.Builder b = i < 3 ? Nodes.master("master-" + i, CREATED) : Nodes.worker("worker-" + i, CREATED);
      if (notReady(i)) {
        Nodes.notReady(b, NOT_READY_SINCE);
      }
      nodes.add(b.build());
    }
    return List.copyOf(nodes);
  }

  /** The same nodes as a Kubernetes NodeList, in JSON. */
  static String nodeListJson(int n) {
    V1NodeList list = new V1NodeList().apiVersion("v1").kind("NodeList").items(new ArrayList<>());
    for (NodeInfo node : nodes(n)) {
      V1ObjectMeta meta = new V1ObjectMeta().name(node.name()).uid(node.uid().orElse(null))
          .creationTimestamp(time(node.creationTime())).labels(node.labels()).annotations(node.annotations())
          .resourceVersion("12345");
      V1NodeStatus status = new V1NodeStatus();
      node.addresses().forEach(a -> status.addAddressesItem(new V1NodeAddress().type(a.type()).address(a.address())));
      for (NodeCondition c : node.conditions()) {
        status.addConditionsItem(new V1NodeCondition().type(c.type()).status(c.status()).reason(c.reason())
            .message(c.message()).lastTransitionTime(c.lastTransitionTime().map(Fleet::time).orElse(null))
            .lastHeartbeatTime(time(node.heartbeatTime().orElse(node.creationTime()))));
      }
      list.addItemsItem(new V1Node().apiVersion("v1").kind("Node").metadata(meta)
          .spec(new V1NodeSpec().providerID(node.providerId().orElse(null))).status(status));
    }
    return JSON.serialize(list);
  }

  private static OffsetDateTime time(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
