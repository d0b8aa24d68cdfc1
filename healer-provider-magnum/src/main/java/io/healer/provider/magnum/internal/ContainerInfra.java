package io.healer.provider.magnum.internal;

import io.healer.provider.magnum.internal.OpenStackSession.Call;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Magnum calls of the provider. Node groups and resize with a node group need API 1.9 and
 * later, so every call asks for {@code OpenStack-API-Version: container-infra latest}.
 */
public final class ContainerInfra {

  private static final String SERVICE = "container-infra";
  private static final String VERSION_HEADER = "OpenStack-API-Version";
  private static final String VERSION = "container-infra latest";

  /** A Magnum cluster as the provider needs it. */
  public record Cluster(String uuid, String name, String status, String stackId, Map<String, String> labels) {}

  /** A Magnum node group; {@code nodeAddresses} is filled only by {@link #nodeGroup}. */
  public record NodeGroup(String uuid, String name, String role, int nodeCount, String stackId,
      List<String> nodeAddresses) {}

  private final OpenStackSession session;

  /** @param session the authenticated session */
  public ContainerInfra(OpenStackSession session) {
    this.session = session;
  }

  /** The cluster by name or uuid. */
  @SuppressWarnings("unchecked")
  public Cluster cluster(String ident) {
    Map<String, Object> c = send(Call.get(SERVICE, "/clusters/" + ident)).json();
    Map<String, String> labels = new LinkedHashMap<>();
    ((Map<String, Object>) c.getOrDefault("labels", Map.of())).forEach((k, v) -> labels.put(k, String.valueOf(v)));
    return new Cluster(String.valueOf(c.get("uuid")), String.valueOf(c.get("name")), String.valueOf(c.get("status")),
        String.valueOf(c.get("stack_id")), Map.copyOf(labels));
  }

  /** The cluster's node groups, without their addresses. */
  @SuppressWarnings("unchecked")
  public List<NodeGroup> nodeGroups(String clusterId) {
    List<Object> list = (List<Object>) send(Call.get(SERVICE, "/clusters/" + clusterId + "/nodegroups")).json()
        .getOrDefault("nodegroups", List.of());
    return list.stream().map(o -> nodeGroup((Map<String, Object>) o)).toList();
  }

  /** One node group with its {@code node_addresses}. */
  public NodeGroup nodeGroup(String clusterId, String ident) {
    return nodeGroup(send(Call.get(SERVICE, "/clusters/" + clusterId + "/nodegroups/" + ident)).json());
  }

  /**
   * Resizes a node group: Magnum removes exactly {@code nodesToRemove} and creates as many nodes as
   * needed to reach {@code nodeCount}, so passing the group's current count replaces them.
   */
  public void resize(String clusterId, String nodeGroup, int nodeCount, List<String> nodesToRemove) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node_count", nodeCount);
    body.put("nodes_to_remove", nodesToRemove);
    body.put("nodegroup", nodeGroup);
    send(Call.change(SERVICE, "POST", "/clusters/" + clusterId + "/actions/resize", body));
  }

  /**
   * JSON-patches the cluster's {@code health_status} and {@code health_status_reason}. Magnum keeps
   * the reason as a dict of strings, but its JSON-patch values may only be strings or integers, so
   * the dict goes as a string holding its JSON; Magnum's {@code apply_jsonpatch} turns it back into
   * a dict (see the module README).
   */
  public void updateHealth(String clusterId, String status, Map<String, String> reason) {
    List<Map<String, Object>> patch = List.of(
        Map.of("op", "replace", "path", "/health_status", "value", status),
        Map.of("op", "replace", "path", "/health_status_reason", "value", Json.write(reason)));
    send(Call.change(SERVICE, "PATCH", "/clusters/" + clusterId, patch));
  }

  private OpenStackSession.Reply send(Call call) {
    return session.send(call.withHeader(VERSION_HEADER, VERSION));
  }

  @SuppressWarnings("unchecked")
  private static NodeGroup nodeGroup(Map<String, Object> g) {
    Object count = g.get("node_count");
    return new NodeGroup(String.valueOf(g.get("uuid")), String.valueOf(g.get("name")), String.valueOf(g.get("role")),
        count instanceof Number n ? n.intValue() : -1, String.valueOf(g.get("stack_id")),
        ((List<Object>) g.getOrDefault("node_addresses", List.of())).stream().map(String::valueOf).toList());
  }
}
