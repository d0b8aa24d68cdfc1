package io.healer.api;

import java.util.Objects;

/**
 * One entry of a node's {@code status.addresses}.
 *
 * @param type the address type as Kubernetes spells it: {@code InternalIP}, {@code ExternalIP},
 *     {@code Hostname}, ...
 * @param address the address itself
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record NodeAddress(String type, String address) {

  /** The type of the address that checks probe: the node's address inside the cluster network. */
  public static final String INTERNAL_IP = "InternalIP";

  /**
   * Validates that neither part is {@code null}.
   *
   * @param type the address type, not {@code null}
   * @param address the address itself, not {@code null}
   */
  public NodeAddress {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(address, "address");
  }
}
