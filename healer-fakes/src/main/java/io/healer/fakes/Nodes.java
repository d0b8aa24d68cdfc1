package io.healer.fakes;

import io.healer.api.API;
import io.healer.api.NodeAddress;
import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Builders of {@link NodeInfo}s that look like the nodes of a Magnum cluster, for tests.
 *
 * <p>{@link #master(String)} and {@link #worker(String)} return a {@link NodeInfo.Builder}
 * pre-filled as a healthy node: the role labels Magnum sets, the node-group label ({@value
 * #NODE_GROUP_LABEL} = {@value #MASTER_NODE_GROUP} or {@value #WORKER_NODE_GROUP}), an {@code
 * InternalIP}, a provider id {@code openstack:///<uuid>}, a machine id, a uid, {@code Ready=True}
 * and the three pressure conditions {@code False}. Everything derived from the name is
 * deterministic, so two runs of a test see the same ids and addresses. Change what the test is
 * about with the builder or with {@link #ready}, {@link #notReady} and {@link #unknown}:
 *
 * <pre>{@code
 * NodeInfo healthy = Nodes.worker("worker-1").build();
 * NodeInfo young = Nodes.worker("worker-2", clock.instant()).build();
 * NodeInfo broken = Nodes.notReady(Nodes.worker("worker-3"), tenMinutesAgo).build();
 * NodeInfo dead = Nodes.unknown(Nodes.master("master-0"), clock.instant()).build();
 * NodeInfo optedOut = Nodes.worker("worker-4").annotation("some/annotation", "true").build();
 * }</pre>
 *
 * <p>Stateless and thread-safe; each call returns a new builder.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Nodes {

  /** The label Magnum puts on every node to name its node group. */
  public static final String NODE_GROUP_LABEL = "magnum.openstack.org/nodegroup";

  /** The label Magnum puts on every node to name its role, {@code master} or {@code worker}. */
  public static final String MAGNUM_ROLE_LABEL = "magnum.openstack.org/role";

  /** The label the kubelet puts on every node with its host name. */
  public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

  /** The node group of masters in a Magnum cluster created with defaults. */
  public static final String MASTER_NODE_GROUP = "default-master";

  /** The node group of workers in a Magnum cluster created with defaults. */
  public static final String WORKER_NODE_GROUP = "default-worker";

  /** How OpenStack spells a node's {@code spec.providerID}: this prefix plus the server id. */
  public static final String PROVIDER_ID_PREFIX = "openstack:///";

  /** Ready's reason and message once the node lifecycle controller has lost the kubelet. */
  static final String UNKNOWN_REASON = "NodeStatusUnknown";

  static final String UNKNOWN_MESSAGE = "Kubelet stopped posting node status.";

  static final String READY_REASON = "KubeletReady";

  static final String READY_MESSAGE = "kubelet is posting ready status";

  static final String NOT_READY_REASON = "KubeletNotReady";

  static final String NOT_READY_MESSAGE = "container runtime is down";

  /**
   * The conditions the kubelet itself reports, in the order Kubernetes lists them; all of them turn
   * {@code Unknown} when the kubelet stops posting.
   */
  static final List<String> KUBELET_CONDITIONS =
      List.of("MemoryPressure", "DiskPressure", "PIDPressure", "Ready");

  private Nodes() {}

  /**
   * A healthy master created (and last heard from) at the epoch.
   *
   * @param name the node name, not blank
   * @return a builder; change anything before {@code build()}
   */
  public static NodeInfo.Builder master(String name) {
    return master(name, Instant.EPOCH);
  }

  /**
   * A healthy master created at the given time: {@code Ready=True} since then, heartbeat then.
   *
   * @param name the node name, not blank
   * @param createdAt creation time, Ready transition time and heartbeat, not {@code null}
   * @return a builder; change anything before {@code build()}
   */
  public static NodeInfo.Builder master(String name, Instant createdAt) {
    return healthy(name, NodeRole.MASTER, createdAt, 0);
  }

  /**
   * A healthy worker created (and last heard from) at the epoch.
   *
   * @param name the node name, not blank
   * @return a builder; change anything before {@code build()}
   */
  public static NodeInfo.Builder worker(String name) {
    return worker(name, Instant.EPOCH);
  }

  /**
   * A healthy worker created at the given time: {@code Ready=True} since then, heartbeat then.
   *
   * @param name the node name, not blank
   * @param createdAt creation time, Ready transition time and heartbeat, not {@code null}
   * @return a builder; change anything before {@code build()}
   */
  public static NodeInfo.Builder worker(String name, Instant createdAt) {
    return healthy(name, NodeRole.WORKER, createdAt, 0);
  }

  /**
   * Sets {@code Ready=True} (reason {@code KubeletReady}) since the given time, and the heartbeat
   * to that time.
   *
   * @param node the builder to change, not {@code null}
   * @param since the Ready condition's transition time, not {@code null}
   * @return the same builder
   */
  public static NodeInfo.Builder ready(NodeInfo.Builder node, Instant since) {
    return node.condition(condition("Ready", "True", since, READY_REASON, READY_MESSAGE))
        .heartbeatTime(since);
  }

  /**
   * Sets {@code Ready=False} (reason {@code KubeletNotReady}: the kubelet runs but reports the node
   * not ready) since the given time. The heartbeat is not changed: such a kubelet still posts.
   *
   * @param node the builder to change, not {@code null}
   * @param since the Ready condition's transition time, not {@code null}
   * @return the same builder
   */
  public static NodeInfo.Builder notReady(NodeInfo.Builder node, Instant since) {
    return node.condition(condition("Ready", "False", since, NOT_READY_REASON, NOT_READY_MESSAGE));
  }

  /**
   * Makes the node look like one whose kubelet stopped posting at the given time: every kubelet
   * condition ({@code Ready} and the pressures) {@code Unknown} with reason {@code
   * NodeStatusUnknown}, and the heartbeat frozen at that time.
   *
   * @param node the builder to change, not {@code null}
   * @param since when the kubelet stopped, not {@code null}
   * @return the same builder
   */
  public static NodeInfo.Builder unknown(NodeInfo.Builder node, Instant since) {
    for (String type : KUBELET_CONDITIONS) {
      node.condition(condition(type, "Unknown", since, UNKNOWN_REASON, UNKNOWN_MESSAGE));
    }
    return node.heartbeatTime(since);
  }

  /**
   * The OpenStack server id of the node with this name, as {@link #master(String)} and {@link
   * #worker(String)} set it: a UUID derived from the name.
   *
   * @param name the node name, not {@code null}
   * @return the server id
   */
  public static String serverId(String name) {
    return serverId(name, 0);
  }

  /**
   * The provider id of the node with this name, as {@link #master(String)} and {@link
   * #worker(String)} set it: {@code openstack:///} plus {@link #serverId(String)}.
   *
   * @param name the node name, not {@code null}
   * @return the provider id
   */
  public static String providerId(String name) {
    return PROVIDER_ID_PREFIX + serverId(name);
  }

  /**
   * A healthy node on its {@code generation}-th machine: a replaced machine (generation 1, 2, ...)
   * gets new ids and a new address under the same name.
   */
  static NodeInfo.Builder healthy(String name, NodeRole role, Instant createdAt, int generation) {
    Objects.requireNonNull(createdAt, "createdAt");
    NodeInfo.Builder node = NodeInfo.builder(name).creationTime(createdAt).heartbeatTime(createdAt);
    node.label(HOSTNAME_LABEL, name).label(MAGNUM_ROLE_LABEL, role.configName());
    if (role == NodeRole.MASTER) {
      // Magnum's images still set the old label; Kubernetes 1.20+ sets control-plane.
      node.label(NodeRole.MASTER_LABEL, "").label(NodeRole.CONTROL_PLANE_LABEL, "");
      node.label(NODE_GROUP_LABEL, MASTER_NODE_GROUP);
    } else {
      node.label(NODE_GROUP_LABEL, WORKER_NODE_GROUP);
    }
    node.uid(uid(name, generation))
        .providerId(PROVIDER_ID_PREFIX + serverId(name, generation))
        .machineId(machineId(name, generation))
        .address(NodeAddress.INTERNAL_IP, internalIp(name, generation))
        .address("Hostname", name);
    return node.conditions(healthyConditions(createdAt));
  }

  /** The conditions of a healthy node's kubelet, all transitioned at the given time. */
  static List<NodeCondition> healthyConditions(Instant since) {
    return List.of(
        condition("MemoryPressure", "False", since, "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available"),
        condition("DiskPressure", "False", since, "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure"),
        condition("PIDPressure", "False", since, "KubeletHasSufficientPID",
            "kubelet has sufficient PID available"),
        condition("Ready", "True", since, READY_REASON, READY_MESSAGE));
  }

  static NodeCondition condition(
      String type, String status, Instant since, String reason, String message) {
    return new NodeCondition(type, status, Optional.of(since), reason, message);
  }

  static String uid(String name, int generation) {
    return uuid("uid", name, generation).toString();
  }

  static String serverId(String name, int generation) {
    return uuid("server", name, generation).toString();
  }

  static String machineId(String name, int generation) {
    return machineId(name, generation, 0);
  }

  /**
   * A systemd machine id: 32 lowercase hex digits. Reinstalling the image ({@code rebuild}) makes a
   * new one, as on a real machine whose /etc/machine-id is generated at first boot.
   */
  static String machineId(String name, int generation, int rebuild) {
    return uuid("machine", name + "/" + rebuild, generation).toString().replace("-", "");
  }

  /** An address in 10.0.0.0/16 derived from the name; distinct names rarely collide. */
  static String internalIp(String name, int generation) {
    int bits = uuid("ip", name, generation).hashCode() & 0xffff;
    int third = bits >>> 8;
    int fourth = 2 + (bits & 0xff) % 252; // avoid .0, .1 (gateway) and .255
    return "10.0." + third + "." + fourth;
  }

  private static UUID uuid(String kind, String name, int generation) {
    String seed = "healer-testkit/" + kind + "/" + name + "/" + generation;
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
  }
}
