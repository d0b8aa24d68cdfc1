package io.healer.provider.magnum;

import io.healer.api.NodeAddress;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.config.Settings;
import io.healer.fakes.Nodes;
import io.healer.testkit.openstack.FakeOpenStack;
import io.healer.testkit.openstack.FakeServer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The provider under test on the fake OpenStack, and the nodes of its servers, as the tests build them. */
final class ProviderFixture {

  private ProviderFixture() {}

  /**
   * A provider of {@code cluster} that signs in with {@code auth} and reads the {@code openstack}
   * block's other keys from {@code keys}; its backoff waits return at once.
   */
  static MagnumCloudProvider provider(Map<String, Object> auth, Map<String, Object> keys, String cluster,
      Clock clock) {
    Map<String, Object> block = new LinkedHashMap<>(auth);
    block.putAll(keys);
    return new MagnumCloudProvider(MagnumConfig.from(Settings.of("openstack", block)), cluster, clock, d -> {});
  }

  /** The node of one of the fake's servers: its provider id and its InternalIP, no other address. */
  static NodeInfo node(FakeOpenStack openstack, String name, String serverId, NodeRole role) {
    FakeServer s = openstack.server(serverId).orElseThrow();
    NodeInfo.Builder b = role == NodeRole.MASTER ? Nodes.master(name) : Nodes.worker(name);
    return b.providerId("openstack:///" + serverId).addresses(List.of())
        .address(NodeAddress.INTERNAL_IP, s.address()).build();
  }
}
