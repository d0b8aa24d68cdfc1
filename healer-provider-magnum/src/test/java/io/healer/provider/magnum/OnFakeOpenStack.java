package io.healer.provider.magnum;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.fakes.ManualClock;
import io.healer.testkit.openstack.FakeOpenStack;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test of the provider over HTTP on a fake OpenStack with the cluster {@value #CLUSTER} (one master
 * and the subclass's worker groups), started with a manual clock before each test and closed after it.
 */
abstract class OnFakeOpenStack {

  static final String CLUSTER = "k8s";

  ManualClock clock;
  FakeOpenStack openstack;
  MagnumCloudProvider provider;

  /**
   * The cluster's worker groups and their sizes, in order.
   *
   * @return the groups by name
   */
  abstract Map<String, Integer> workerGroups();

  /**
   * The {@code openstack} block's keys besides the sign-in.
   *
   * @return the keys, such as {@code stop-wait: 0s}
   */
  abstract Map<String, Object> providerKeys();

  @BeforeEach
  final void startCloud() {
    clock = new ManualClock();
    openstack = FakeOpenStack.start(clock);
    openstack.createCluster(CLUSTER, 1, workerGroups());
    provider = provider(openstack.passwordAuth());
  }

  @AfterEach
  final void stopCloud() {
    openstack.close();
  }

  /** A provider of the cluster that signs in with {@code auth} and reads {@link #providerKeys()}. */
  MagnumCloudProvider provider(Map<String, Object> auth) {
    return ProviderFixture.provider(auth, providerKeys(), CLUSTER, clock);
  }

  /** The node of one of the fake's servers: its provider id and its InternalIP. */
  NodeInfo node(String name, String serverId, NodeRole role) {
    return ProviderFixture.node(openstack, name, serverId, role);
  }

  /** The default-worker group's {@code i}-th server. */
  String worker(int i) {
    return openstack.serverIds(CLUSTER, "default-worker").get(i);
  }
}
