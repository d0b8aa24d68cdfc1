package io.healer.kubernetes;

import io.healer.api.NodeAddress;
import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a client-java {@link V1Node} (and its heartbeat Lease) into healer's {@link NodeInfo}. */
final class NodeMapper {

  private NodeMapper() {}

  /**
   * Maps one node.
   *
   * @param node the node as the API server returned it
   * @param lease its Lease in kube-node-lease, or {@code null}
   * @return the snapshot checks see
   */
  static NodeInfo map(V1Node node, V1Lease lease) {
    V1ObjectMeta meta = node.getMetadata();
    NodeInfo.Builder b = NodeInfo.builder(meta.getName())
        .uid(meta.getUid())
        .labels(orEmpty(meta.getLabels()))
        .annotations(orEmpty(meta.getAnnotations()))
        .creationTime(instant(meta.getCreationTimestamp()).orElse(Instant.EPOCH));
    V1NodeSpec spec = node.getSpec();
    if (spec != null) {
      b.providerId(spec.getProviderID()).unschedulable(Boolean.TRUE.equals(spec.getUnschedulable()));
    }
    Instant heartbeat = leaseRenewal(lease).orElse(null);
    V1NodeStatus status = node.getStatus();
    if (status != null) {
      if (status.getNodeInfo() != null) {
        b.machineId(status.getNodeInfo().getMachineID());
      }
      List<NodeAddress> addresses = new ArrayList<>();
      for (V1NodeAddress a : orEmpty(status.getAddresses())) {
        if (a.getType() != null && a.getAddress() != null) {
          addresses.add(new NodeAddress(a.getType(), a.getAddress()));
        }
      }
      b.addresses(addresses);
      List<NodeCondition> conditions = new ArrayList<>();
      Instant newestConditionBeat = null;
      for (V1NodeCondition c : orEmpty(status.getConditions())) {
        if (c.getType() == null || c.getStatus() == null) {
          continue;
        }
        conditions.add(new NodeCondition(c.getType(), c.getStatus(), instant(c.getLastTransitionTime()),
            c.getReason(), c.getMessage()));
        Instant beat = instant(c.getLastHeartbeatTime()).orElse(null);
        if (beat != null && (newestConditionBeat == null || beat.isAfter(newestConditionBeat))) {
          newestConditionBeat = beat;
        }
      }
      b.conditions(conditions);
      if (heartbeat == null) {
        heartbeat = newestConditionBeat;
      }
    }
    return b.heartbeatTime(heartbeat).build();
  }

  /** The Lease's renew time: the kubelet's heartbeat, renewed every 10 s by default. */
  static Optional<Instant> leaseRenewal(V1Lease lease) {
    if (lease == null || lease.getSpec() == null) {
      return Optional.empty();
    }
    return instant(lease.getSpec().getRenewTime());
  }

  static Optional<Instant> instant(OffsetDateTime time) {
    return time == null ? Optional.empty() : Optional.of(time.toInstant());
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
