package io.healer.provider.magnum;

import io.healer.api.NodeInfo;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps a Kubernetes node to its Nova server id: from {@code spec.providerID}
 * ({@code openstack:///<id>} or {@code openstack://<region>/<id>}), else from {@code
 * status.nodeInfo.machineID} read as a UUID (what the Go healer uses; Magnum's images make it equal
 * to the server id).
 */
final class ServerIds {

  private static final String PREFIX = "openstack://";

  private ServerIds() {}

  static Optional<String> of(NodeInfo node) {
    Optional<String> fromProvider = node.providerId().filter(p -> p.startsWith(PREFIX))
        .map(p -> p.substring(p.lastIndexOf('/') + 1).strip())
        .filter(id -> !id.isEmpty());
    if (fromProvider.isPresent()) {
      return fromProvider;
    }
    return node.machineId().flatMap(ServerIds::uuid);
  }

  /** Reads a UUID written with or without dashes, as Go's uuid.Parse does; canonical lower case. */
  static Optional<String> uuid(String raw) {
    String hex = raw.strip().toLowerCase(Locale.ROOT).replace("urn:uuid:", "").replace("{", "").replace("}", "");
    if (hex.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
      return Optional.of(hex);
    }
    if (hex.matches("[0-9a-f]{32}")) {
      return Optional.of(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
          + hex.substring(16, 20) + "-" + hex.substring(20));
    }
    return Optional.empty();
  }

  /** Why a node maps to no server, for the report. */
  static String why(NodeInfo node) {
    return "node " + node.name() + " maps to no Nova server: providerID "
        + node.providerId().map(p -> "'" + p + "'").orElse("is not set")
        + " and machineID " + node.machineId().map(m -> "'" + m + "' is not a UUID").orElse("is not set");
  }
}
