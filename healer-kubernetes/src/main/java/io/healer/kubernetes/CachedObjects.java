package io.healer.kubernetes;

import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1NodeSystemInfo;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the informer stores keep of a Node or a node Lease: the fields healer reads, nothing else.
 *
 * <p>A Node as the API server sends it is mostly what healer never looks at — managed fields, the
 * images on the node, capacity, volumes — about 28 KB of heap for a realistic node against the 2 KB
 * kept here. The label and annotation keys, and the values nodes share (the same zone, flavor or
 * kubelet version on every node), are kept once for all nodes.
 *
 * <p>Safe because healer never writes a cached object back: every write is a patch computed from
 * labels, annotations, {@code spec.unschedulable} or taints, all of which are kept, and checked
 * against the kept resource version.
 */
final class CachedObjects {

  /** Past this many distinct strings the table stops growing: values unique to a node are not worth keeping. */
  private static final int MAX_SHARED = 50_000;

  /** Values longer than this are kept as they are: they are unique to a node (a certificate, a JSON blob). */
  private static final int MAX_SHARED_LENGTH = 256;

  private final Map<String, String> shared = new ConcurrentHashMap<>();

  /** The Node with only what healer reads; {@code null} stays {@code null}. */
  V1Node node(V1Node node) {
    if (node == null) {
      return null;
    }
    V1Node kept = new V1Node().apiVersion(node.getApiVersion()).kind(node.getKind()).metadata(meta(node.getMetadata()));
    V1NodeSpec spec = node.getSpec();
    if (spec != null) {
      kept.spec(new V1NodeSpec().providerID(spec.getProviderID()).unschedulable(spec.getUnschedulable())
          .taints(taints(spec.getTaints())));
    }
    V1NodeStatus status = node.getStatus();
    if (status != null) {
      V1NodeStatus keptStatus = new V1NodeStatus().addresses(addresses(status.getAddresses()))
          .conditions(conditions(status.getConditions()));
      if (status.getNodeInfo() != null) {
        // V1NodeSystemInfo's other fields are all required by its schema; only the machine ID is read.
        keptStatus.nodeInfo(new V1NodeSystemInfo().machineID(status.getNodeInfo().getMachineID()));
      }
      kept.status(keptStatus);
    }
    return kept;
  }

  /** The node Lease with only its name and renew time; {@code null} stays {@code null}. */
  V1Lease lease(V1Lease lease) {
    if (lease == null) {
      return null;
    }
    V1Lease kept = new V1Lease().apiVersion(lease.getApiVersion()).kind(lease.getKind());
    V1ObjectMeta meta = lease.getMetadata();
    if (meta != null) {
      kept.metadata(new V1ObjectMeta().name(meta.getName()).namespace(share(meta.getNamespace()))
          .uid(meta.getUid()).resourceVersion(meta.getResourceVersion()));
    }
    if (lease.getSpec() != null) {
      kept.spec(new V1LeaseSpec().renewTime(lease.getSpec().getRenewTime()));
    }
    return kept;
  }

  private V1ObjectMeta meta(V1ObjectMeta meta) {
    if (meta == null) {
      return null;
    }
    return new V1ObjectMeta().name(meta.getName()).uid(meta.getUid()).resourceVersion(meta.getResourceVersion())
        .creationTimestamp(meta.getCreationTimestamp()).deletionTimestamp(meta.getDeletionTimestamp())
        .labels(strings(meta.getLabels())).annotations(strings(meta.getAnnotations()));
  }

  private Map<String, String> strings(Map<String, String> map) {
    if (map == null) {
      return null;
    }
    Map<String, String> kept = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
    map.forEach((k, v) -> kept.put(share(k), share(v)));
    return kept;
  }

  private List<V1Taint> taints(List<V1Taint> taints) {
    if (taints == null) {
      return null;
    }
    List<V1Taint> kept = new ArrayList<>(taints.size());
    for (V1Taint t : taints) {
      kept.add(new V1Taint().key(share(t.getKey())).value(share(t.getValue())).effect(share(t.getEffect()))
          .timeAdded(t.getTimeAdded()));
    }
    return kept;
  }

  private List<V1NodeAddress> addresses(List<V1NodeAddress> addresses) {
    if (addresses == null) {
      return null;
    }
    List<V1NodeAddress> kept = new ArrayList<>(addresses.size());
    for (V1NodeAddress a : addresses) {
      kept.add(new V1NodeAddress().type(share(a.getType())).address(a.getAddress()));
    }
    return kept;
  }

  private List<V1NodeCondition> conditions(List<V1NodeCondition> conditions) {
    if (conditions == null) {
      return null;
    }
    List<V1NodeCondition> kept = new ArrayList<>(conditions.size());
    for (V1NodeCondition c : conditions) {
      kept.add(new V1NodeCondition().type(share(c.getType())).status(share(c.getStatus()))
          .reason(share(c.getReason())).message(share(c.getMessage()))
          .lastTransitionTime(c.getLastTransitionTime()).lastHeartbeatTime(c.getLastHeartbeatTime()));
    }
    return kept;
  }

  /** One instance for equal strings across nodes: the same keys and common values on every node. */
  private String share(String s) {
    if (s == null || s.length() > MAX_SHARED_LENGTH) {
      return s;
    }
    String known = shared.get(s);
    if (known != null) {
      return known;
    }
    if (shared.size() >= MAX_SHARED) {
      return s;
    }
    known = shared.putIfAbsent(s, s);
    return known == null ? s : known;
  }
}
