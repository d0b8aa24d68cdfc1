package io.healer.provider.magnum;

import io.healer.provider.magnum.internal.ContainerInfra;
import io.healer.provider.magnum.internal.ContainerInfra.Cluster;
import io.healer.provider.magnum.internal.ContainerInfra.NodeGroup;
import io.healer.provider.magnum.internal.Orchestration;
import io.healer.provider.magnum.internal.Orchestration.Resource;
import io.healer.provider.magnum.internal.Orchestration.Stack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What one repair call knows of the cluster: the Magnum cluster, its Heat stack, its node groups,
 * and every resource of the stacks that hold its servers (the cluster's stack, and the own stack of
 * each non-default node group), two levels deep. A server is part of the cluster exactly when one
 * of these stacks has an {@code OS::Nova::Server} resource for it. A cluster of a driver without
 * Heat (a Cluster API driver) has no stack and no resources: its servers are not checked against
 * anything but the node's own providerID, and {@code stack} is null.
 *
 * <p>A view serves the repairs of one cycle: node group details (their addresses) are read once,
 * when a repair first needs them, and kept in {@code details}.
 */
record ClusterView(Cluster cluster, ClusterDriver driver, Stack stack, List<NodeGroup> nodeGroups,
    List<Resource> resources,
    Map<String, String> rootStackOfServer, Map<String, NodeGroup> details) {

  static final String SERVER_TYPE = "OS::Nova::Server";

  /**
   * Reads the node groups and the resources of every stack that holds servers.
   *
   * @param stackById finds a node group's stack by id (the provider remembers stack names, so that
   *     this costs a request only the first time)
   */
  static ClusterView load(ContainerInfra magnum, Orchestration heat, Cluster cluster, ClusterDriver driver,
      Stack stack, Function<String, Stack> stackById) {
    List<NodeGroup> groups = magnum.nodeGroups(cluster.uuid());
    List<Resource> resources = new ArrayList<>();
    Map<String, String> rootOf = new HashMap<>();
    List<String> seen = new ArrayList<>();
    List<Stack> roots = new ArrayList<>();
    roots.add(stack);
    seen.add(stack.id());
    for (NodeGroup g : groups) {
      if (!g.stackId().isEmpty() && !g.stackId().equals("null") && !seen.contains(g.stackId())) {
        seen.add(g.stackId());
        roots.add(stackById.apply(g.stackId()));
      }
    }
    for (Stack root : roots) {
      for (Resource r : heat.resources(root, 2)) {
        resources.add(r);
        if (r.type().equals(SERVER_TYPE)) {
          rootOf.put(r.physicalId(), root.id());
        }
      }
    }
    return new ClusterView(cluster, driver, stack, groups, List.copyOf(resources), Map.copyOf(rootOf),
        new ConcurrentHashMap<>());
  }

  /** The node groups of a cluster whose driver keeps no Heat stack: Heat is never asked. */
  static ClusterView withoutHeat(ContainerInfra magnum, Cluster cluster, ClusterDriver driver) {
    return new ClusterView(cluster, driver, null, magnum.nodeGroups(cluster.uuid()), List.of(), Map.of(),
        new ConcurrentHashMap<>());
  }

  /** A worker node group with its addresses, read at most once per view. */
  NodeGroup detail(ContainerInfra magnum, NodeGroup group) {
    return details.computeIfAbsent(group.uuid(), uuid -> magnum.nodeGroup(cluster.uuid(), uuid));
  }

  /** Whether Magnum is changing the cluster now (a resize or a stack update under way). */
  boolean busy() {
    return cluster.status().endsWith("_IN_PROGRESS");
  }

  /** Whether the server is the cluster's: one of its stacks holds it; always, without Heat. */
  boolean holds(String serverId) {
    return !driver.usesHeat() || rootStackOfServer.containsKey(serverId);
  }

  Optional<Resource> serverResource(String serverId) {
    return resources.stream().filter(r -> r.type().equals(SERVER_TYPE) && r.physicalId().equals(serverId)).findFirst();
  }

  Optional<Resource> resourceOf(String physicalId) {
    return resources.stream().filter(r -> r.physicalId().equals(physicalId)).findFirst();
  }
}
