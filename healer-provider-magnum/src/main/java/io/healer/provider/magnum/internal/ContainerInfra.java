package io.healer.provider.magnum.internal;

import io.healer.provider.magnum.internal.OpenStackSession.Call;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Magnum calls of the provider. Node groups and resize with a node group need API 1.9 and
 * later, so every call asks for {@code OpenStack-API-Version: container-infra 1.10}: pinned, not
 * {@code latest}, so that a newer Magnum answers in the shape read here (Magnum 15, Zed, answers
 * {@code latest} as 1.10 and refuses 1.11 with 406; later releases change the cluster's fields).
 */
public final class ContainerInfra {

  private static final String SERVICE = "container-infrastructure-management";
  private static final String VERSION_HEADER = "OpenStack-API-Version";
  /** The microversion every call asks for: Magnum 15's maximum, which later releases still serve. */
  public static final String VERSION = "container-infra 1.10";

  /**
   * A Magnum cluster as the provider needs it.
   *
   * @param uuid the cluster's uuid
   * @param name its name
   * @param status its Magnum status, such as {@code CREATE_COMPLETE} or {@code UPDATE_IN_PROGRESS}
   * @param stackId its Heat stack's id, {@code null} when Magnum gives none
   * @param labels its labels, such as {@code auto_healing_enabled}, values as strings
   * @param templateId the uuid of its cluster template, {@code null} when Magnum gives none
   */
  public record Cluster(String uuid, String name, String status, String stackId, Map<String, String> labels,
      String templateId) {}

  /**
   * A cluster template as far as it tells which Magnum driver makes its clusters: Magnum picks the
   * driver by {@code (server_type, cluster_distro, coe)}, and from 2026.2 (23.0.0) stores the one
   * it picked in {@code driver}.
   *
   * @param uuid the template's uuid
   * @param coe its {@code coe}, such as {@code kubernetes}
   * @param serverType its {@code server_type}, such as {@code vm}
   * @param clusterDistro its {@code cluster_distro}, such as {@code fedora-coreos} or {@code ubuntu}
   * @param driver the driver's entry-point name, such as {@code k8s_capi_helm_v1}; {@code null}
   *     when Magnum gives none (releases before 2026.2, or a template made before it)
   */
  public record ClusterTemplate(String uuid, String coe, String serverType, String clusterDistro, String driver) {}

  /**
   * A Magnum node group. {@code nodeAddresses} and the bounds are filled only by {@link #nodeGroup}:
   * Magnum's list leaves them out, and shows {@code min_node_count} as 0 and {@code
   * max_node_count} as null whatever they are.
   *
   * @param uuid the group's uuid
   * @param name its name, such as {@code default-worker}
   * @param role its role, such as {@code worker} or {@code master}
   * @param nodeCount its {@code node_count}
   * @param stackId the id of the Heat stack that holds its servers
   * @param nodeAddresses the IP addresses of its nodes; empty from the list
   * @param minNodeCount the least nodes a resize may leave, {@link #UNKNOWN_BOUND} when not read
   * @param maxNodeCount the most, {@link #UNKNOWN_BOUND} when not read or without a maximum
   */
  public record NodeGroup(String uuid, String name, String role, int nodeCount, String stackId,
      List<String> nodeAddresses, int minNodeCount, int maxNodeCount) {

    /** A bound not read (a list entry) or not set (no maximum). */
    public static final int UNKNOWN_BOUND = -1;

    /**
     * Whether Magnum would refuse a resize of this group to {@code count} (NGResizeOutBounds).
     *
     * @param count the node count the resize asks for
     * @return {@code true} when it is below a known minimum or above a known maximum
     */
    public boolean outOfBounds(int count) {
      return (minNodeCount != UNKNOWN_BOUND && count < minNodeCount)
          || (maxNodeCount != UNKNOWN_BOUND && count > maxNodeCount);
    }
  }

  private final OpenStackSession session;

  /** @param session the authenticated session */
  public ContainerInfra(OpenStackSession session) {
    this.session = session;
  }

  /**
   * The cluster by name or uuid.
   *
   * @param ident the cluster's name or uuid
   * @return the cluster, its labels' values as strings and {@code stackId} {@code null} when
   *     Magnum gives none
   * @throws OpenStackException when Magnum answers with an error, such as 404 for an unknown cluster
   */
  @SuppressWarnings("unchecked")
  public Cluster cluster(String ident) {
    return send(Call.get(SERVICE, "/clusters/" + ident)).read(c -> {
      Map<String, String> labels = new LinkedHashMap<>();
      ((Map<String, Object>) c.getOrDefault("labels", Map.of())).forEach((k, v) -> labels.put(k, String.valueOf(v)));
      return new Cluster(String.valueOf(c.get("uuid")), String.valueOf(c.get("name")), String.valueOf(c.get("status")),
          stackId(c), Map.copyOf(labels), text(c.get("cluster_template_id")));
    });
  }

  /**
   * A cluster template by uuid ({@code GET /clustertemplates/{id}}).
   *
   * @param ident the template's uuid or name
   * @return the template; a field Magnum does not give is {@code null}
   * @throws OpenStackException when Magnum answers with an error, such as 404 for an unknown template
   */
  public ClusterTemplate clusterTemplate(String ident) {
    return send(Call.get(SERVICE, "/clustertemplates/" + ident)).read(t -> new ClusterTemplate(
        text(t.get("uuid")), text(t.get("coe")), text(t.get("server_type")), text(t.get("cluster_distro")),
        text(t.get("driver"))));
  }

  /** A JSON value as text; {@code null} for a missing or null value. */
  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  /**
   * The cluster's stack: {@code stack_id} up to microversion 1.12, {@code cluster_id} from 1.13
   * (Magnum 2026.2; the same column), {@code null} when neither is given.
   */
  private static String stackId(Map<String, Object> cluster) {
    Object id = cluster.get("stack_id") != null ? cluster.get("stack_id") : cluster.get("cluster_id");
    return id == null ? null : String.valueOf(id);
  }

  /**
   * The cluster's node groups, without their addresses.
   *
   * @param clusterId the cluster's uuid (or name)
   * @return the groups in Magnum's order, with empty addresses and {@link NodeGroup#UNKNOWN_BOUND}
   *     as both bounds
   * @throws OpenStackException when Magnum answers with an error
   */
  @SuppressWarnings("unchecked")
  public List<NodeGroup> nodeGroups(String clusterId) {
    return send(Call.get(SERVICE, "/clusters/" + clusterId + "/nodegroups")).read(json ->
        ((List<Object>) json.getOrDefault("nodegroups", List.of())).stream()
            .map(o -> nodeGroup((Map<String, Object>) o, false)).toList());
  }

  /**
   * One node group with its {@code node_addresses} and bounds.
   *
   * @param clusterId the cluster's uuid (or name)
   * @param ident the node group's name or uuid
   * @return the group with its addresses and bounds ({@link NodeGroup#UNKNOWN_BOUND} for no
   *     maximum)
   * @throws OpenStackException when Magnum answers with an error, such as 404 for an unknown group
   */
  public NodeGroup nodeGroup(String clusterId, String ident) {
    return send(Call.get(SERVICE, "/clusters/" + clusterId + "/nodegroups/" + ident)).read(g -> nodeGroup(g, true));
  }

  /**
   * Resizes a node group: Magnum removes exactly {@code nodesToRemove} and creates as many nodes as
   * needed to reach {@code nodeCount}, so passing the group's current count replaces them.
   *
   * @param clusterId the cluster's uuid (or name)
   * @param nodeGroup the node group's name or uuid
   * @param nodeCount the group's node count after the resize
   * @param nodesToRemove the nodes to remove, by Nova server id; may be empty
   * @throws OpenStackException when Magnum refuses, such as 409 while the cluster is busy with
   *     another change, or out of the group's bounds
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
   *
   * @param clusterId the cluster's uuid (or name)
   * @param status Magnum's health status, such as {@code HEALTHY} or {@code UNHEALTHY}
   * @param reason the reason, such as each node's health by name; sent as a JSON string
   * @throws OpenStackException when Magnum refuses the patch
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
  private static NodeGroup nodeGroup(Map<String, Object> g, boolean detail) {
    return new NodeGroup(String.valueOf(g.get("uuid")), String.valueOf(g.get("name")), String.valueOf(g.get("role")),
        count(g.get("node_count")), String.valueOf(g.get("stack_id")),
        ((List<Object>) g.getOrDefault("node_addresses", List.of())).stream().map(String::valueOf).toList(),
        detail ? count(g.get("min_node_count")) : NodeGroup.UNKNOWN_BOUND,
        detail ? count(g.get("max_node_count")) : NodeGroup.UNKNOWN_BOUND);
  }

  private static int count(Object value) {
    return value instanceof Number n ? n.intValue() : NodeGroup.UNKNOWN_BOUND;
  }
}
