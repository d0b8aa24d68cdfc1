package io.healer.api.cloud;

import io.healer.api.API;

/**
 * The ways a cloud can repair a node, from the gentlest to the most drastic. The engine starts with
 * the gentlest action the provider supports for the node's role and escalates when the node is
 * still unhealthy after the grace period.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public enum RepairAction {
  /** Restart the machine, keeping its disks. */
  REBOOT,
  /** Reinstall the machine from its image, keeping its identity. */
  REBUILD,
  /** Remove the machine and have the cluster create a new one in its place. */
  REPLACE
}
