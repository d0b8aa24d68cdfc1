package io.healer.testkit.openstack;

/**
 * A snapshot of one Nova server of a {@link FakeOpenStack}.
 *
 * @param id the server's UUID
 * @param name its name
 * @param status its Nova status: {@code ACTIVE}, {@code SHUTOFF} or {@code DELETED}
 * @param address its one fixed IP, which Magnum lists in the node group's {@code node_addresses}
 * @param nodeGroup the Magnum node group that holds it, empty for a server outside every cluster
 * @param reboots how many reboots it received
 * @since 0.1
 */
public record FakeServer(String id, String name, String status, String address, String nodeGroup, int reboots) {}
