package io.healer.api;

import java.util.Map;

/**
 * The role of a node in the cluster, which decides the checks it gets and how it is repaired.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public enum NodeRole {
  /** A control-plane node: runs the API server and etcd; repaired one at a time. */
  MASTER,
  /** Any other node. */
  WORKER;

  /** The label Kubernetes puts on control-plane nodes since 1.20. */
  public static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";

  /** The older label for control-plane nodes, still set by Magnum's images. */
  public static final String MASTER_LABEL = "node-role.kubernetes.io/master";

  /**
   * Derives the role from a node's labels: a node labelled {@value #CONTROL_PLANE_LABEL} or
   * {@value #MASTER_LABEL} (whatever the value) is a master, every other node a worker.
   *
   * @param labels the node's labels, not {@code null}
   * @return the role, never {@code null}
   */
  public static NodeRole fromLabels(Map<String, String> labels) {
    return labels.containsKey(CONTROL_PLANE_LABEL) || labels.containsKey(MASTER_LABEL)
        ? MASTER
        : WORKER;
  }

  /**
   * The name used in config.yaml and in reports: {@code master} or {@code worker}.
   *
   * @return the lower-case name of the constant, never {@code null}
   */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
