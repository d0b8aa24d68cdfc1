package io.healer.provider.magnum;

import io.healer.api.NodeRole;
import io.healer.api.cloud.RepairAction;
import io.healer.provider.magnum.internal.ContainerInfra.ClusterTemplate;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Magnum driver that made a cluster, and so which repairs healer can carry out on it. Magnum
 * picks a driver by its template's {@code (server_type, cluster_distro, coe)} and, from 2026.2,
 * stores the one it picked in the template's {@code driver}; the cluster itself names none. What
 * each kind allows was read in the drivers' {@code resize_cluster} (see the module README):
 *
 * <ul>
 *   <li>{@link Kind#HEAT}: reboot; replace a worker by resize, a master through Heat.
 *   <li>{@link Kind#MAGNUM_CLUSTER_API} (Vexxhost): no Heat stack; its resize marks the Machines
 *       whose server is in {@code nodes_to_remove} for deletion, so a worker is replaced by resize.
 *   <li>{@link Kind#CAPI_HELM} (StackHPC): no Heat stack; its resize ignores {@code
 *       nodes_to_remove}, so it cannot replace a given worker.
 *   <li>{@link Kind#CLUSTER_API_UNNAMED}, {@link Kind#OTHER}: not told apart or not known: reboot only.
 * </ul>
 *
 * Masters of a Cluster API cluster are never replaced: Magnum refuses a resize of the master node
 * group, and Cluster API's KubeadmControlPlane remediation heals them.
 *
 * @param kind what healer can do with it
 * @param name the driver's entry-point name, such as {@code k8s_capi_helm_v1}; empty when Magnum names none
 * @param evidence how it was recognised, for logs and reasons
 */
record ClusterDriver(Kind kind, String name, String evidence) {

  /** The drivers healer tells apart. */
  enum Kind {
    /** One of Magnum's Heat drivers (shipped up to 2026.1). */
    HEAT,
    /** magnum-cluster-api (Vexxhost). */
    MAGNUM_CLUSTER_API,
    /** magnum-capi-helm (StackHPC, now an OpenStack project). */
    CAPI_HELM,
    /** A Cluster API driver that Magnum before 2026.2 does not name. */
    CLUSTER_API_UNNAMED,
    /** A driver healer does not know. */
    OTHER
  }

  /** The entry points of Magnum's own Heat drivers (its {@code setup.cfg}, up to 2026.1). */
  static final Set<String> HEAT_DRIVERS = Set.of("k8s_fedora_coreos_v1", "k8s_fedora_atomic_v1", "k8s_coreos_v1",
      "k8s_fedora_ironic_v1", "swarm_fedora_atomic_v1", "swarm_fedora_atomic_v2", "mesos_ubuntu_v1");
  /** The distros only Heat drivers provide. */
  static final Set<String> HEAT_DISTROS = Set.of("fedora-coreos", "fedora-atomic", "coreos", "fedora");
  /** The distros the Cluster API drivers provide (both provide ubuntu and flatcar). */
  static final Set<String> CLUSTER_API_DISTROS = Set.of("ubuntu", "ubuntu-focal", "flatcar", "rockylinux");
  /** magnum-capi-helm's entry points. */
  static final Set<String> CAPI_HELM_DRIVERS = Set.of("k8s_capi_helm_v1", "k8s_capi_ignition_helm_v1");
  /** magnum-cluster-api's entry points: k8s_cluster_api_ubuntu, _ubuntu_focal, _flatcar, _rockylinux. */
  static final String CLUSTER_API_PREFIX = "k8s_cluster_api_";
  /** The Cluster API cluster name magnum-cluster-api writes into stack_id ({@code utils.generate_cluster_api_name}). */
  private static final Pattern CLUSTER_API_NAME = Pattern.compile("kube-[a-z0-9]{5}");
  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * Recognises the driver: by the template's {@code driver} when Magnum gives it, else by its
   * {@code cluster_distro} and the cluster's {@code stack_id} (a Heat stack id is a UUID; the
   * Cluster API drivers write their own cluster's name there).
   *
   * @param template the cluster's template, {@code null} when it could not be read
   * @param stackId the cluster's {@code stack_id} (or {@code cluster_id}), {@code null} when none
   */
  static ClusterDriver of(ClusterTemplate template, String stackId) {
    String driver = template == null ? null : blankToNull(template.driver());
    if (driver != null) {
      String seen = "the cluster template's driver field";
      if (HEAT_DRIVERS.contains(driver)) {
        return new ClusterDriver(Kind.HEAT, driver, seen);
      }
      if (driver.startsWith(CLUSTER_API_PREFIX)) {
        return new ClusterDriver(Kind.MAGNUM_CLUSTER_API, driver, seen);
      }
      if (CAPI_HELM_DRIVERS.contains(driver)) {
        return new ClusterDriver(Kind.CAPI_HELM, driver, seen);
      }
      return new ClusterDriver(Kind.OTHER, driver, seen);
    }
    String distro = template == null ? null : blankToNull(template.clusterDistro());
    String stack = blankToNull(stackId);
    if (distro != null && HEAT_DISTROS.contains(distro)) {
      return new ClusterDriver(Kind.HEAT, "", "its template's cluster_distro " + distro
          + ", which only Magnum's Heat drivers provide");
    }
    if (stack != null && CLUSTER_API_NAME.matcher(stack).matches()) {
      return new ClusterDriver(Kind.MAGNUM_CLUSTER_API, "", "its stack_id " + stack
          + ", a Cluster API cluster name as magnum-cluster-api makes them");
    }
    if (distro != null && CLUSTER_API_DISTROS.contains(distro)) {
      return new ClusterDriver(Kind.CLUSTER_API_UNNAMED, "", "its template's cluster_distro "
          + distro + " (provided by magnum-cluster-api and magnum-capi-helm alike; this Magnum names no driver)"
          + " and its stack_id " + stack);
    }
    if (stack != null && UUID.matcher(stack).matches()) {
      return new ClusterDriver(Kind.HEAT, "", "its stack_id " + stack + ", a Heat stack's UUID"
          + (template == null ? " (its cluster template could not be read)" : ""));
    }
    return new ClusterDriver(Kind.OTHER, "", "its template's cluster_distro " + distro
        + " and its stack_id " + stack + (template == null ? " (its cluster template could not be read)" : ""));
  }

  /** Whether the cluster has Heat stacks to read, mark and update. */
  boolean usesHeat() {
    return kind == Kind.HEAT;
  }

  /**
   * The repairs healer can carry out on nodes of a role of this driver's clusters.
   *
   * @param role the nodes' role
   */
  Set<RepairAction> actions(NodeRole role) {
    boolean replace = kind == Kind.HEAT || (kind == Kind.MAGNUM_CLUSTER_API && role == NodeRole.WORKER);
    return replace ? EnumSet.of(RepairAction.REBOOT, RepairAction.REPLACE) : EnumSet.of(RepairAction.REBOOT);
  }

  /**
   * Why a replacement of a node of this role cannot be made on this driver's cluster; empty when it can.
   *
   * @param cluster the cluster's name, for the message
   * @param node the node's name, for the message
   * @param role the node's role
   */
  Optional<String> whyNoReplace(String cluster, String node, NodeRole role) {
    if (actions(role).contains(RepairAction.REPLACE)) {
      return Optional.empty();
    }
    String made = "cluster " + cluster + " is made by " + this + ", which keeps no Heat stack";
    String heal = "the driver's MachineHealthCheck is the place to heal it";
    if (role == NodeRole.MASTER) {
      return Optional.of(made + ", and Magnum refuses to resize a master node group (MasterNGResizeNotSupported),"
          + " so healer cannot replace master " + node + ": Cluster API's KubeadmControlPlane remediation replaces"
          + " the control-plane machines the driver's MachineHealthCheck marks unhealthy, so " + heal
          + "; not repaired");
    }
    String why = switch (kind) {
      case CAPI_HELM -> "its resize ignores nodes_to_remove ('Removing specific nodes is not currently supported'),"
          + " so a resize could not replace worker " + node;
      case CLUSTER_API_UNNAMED -> "this Magnum (before 2026.2) does not say which Cluster API driver it is, and only"
          + " magnum-cluster-api's resize removes the servers in nodes_to_remove, so healer does not resize to"
          + " replace worker " + node;
      default -> "healer does not know how its resize treats nodes_to_remove, so it does not resize to replace worker "
          + node;
    };
    return Optional.of(made + "; " + why + ": " + heal + "; not repaired");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() || s.equals("null") ? null : s;
  }

  /** For example {@code magnum-capi-helm (driver k8s_capi_helm_v1, from the cluster template's driver field)}. */
  @Override
  public String toString() {
    String project = switch (kind) {
      case HEAT -> "Magnum's Heat driver";
      case MAGNUM_CLUSTER_API -> "magnum-cluster-api";
      case CAPI_HELM -> "magnum-capi-helm";
      case CLUSTER_API_UNNAMED -> "a Cluster API driver";
      case OTHER -> name.isEmpty() ? "an unknown driver" : "driver";
    };
    return project + (name.isEmpty() ? "" : " " + name) + " (recognised by " + evidence + ")";
  }
}
