package io.healer.provider.magnum;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.fakes.ManualClock;
import io.healer.testkit.openstack.FakeOpenStack;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test of the provider over HTTP on a fake OpenStack with the cluster {@value #CLUSTER} (one master
 * and the subclass's worker groups), started with a manual clock before each test and closed after it.
 */
abstract class OnFakeOpenStack {

  static final String CLUSTER = "k8s";

  /** Three default workers and one gpu worker: two worker stacks. */
  static final Map<String, Integer> TWO_WORKER_STACKS = twoWorkerStacks();
  /** Two default workers. */
  static final Map<String, Integer> TWO_WORKERS = Map.of("default-worker", 2);

  private final Map<String, Integer> workerGroups;
  private final Map<String, Object> providerKeys;

  ManualClock clock;
  FakeOpenStack openstack;
  MagnumCloudProvider provider;

  /**
   * A cloud with one master and {@code workerGroups}, and a provider that reads {@code providerKeys}.
   *
   * @param workerGroups the cluster's worker groups and their sizes, in order
   * @param providerKeys the {@code openstack} block's keys besides the sign-in, such as {@code stop-wait: 0s}
   */
  OnFakeOpenStack(Map<String, Integer> workerGroups, Map<String, Object> providerKeys) {
    this.workerGroups = workerGroups;
    this.providerKeys = providerKeys;
  }

  private static Map<String, Integer> twoWorkerStacks() {
    Map<String, Integer> groups = new LinkedHashMap<>();
    groups.put("default-worker", 3);
    groups.put("gpu", 1);
    return groups;
  }

  @BeforeEach
  final void startCloud() {
    clock = new ManualClock();
    openstack = FakeOpenStack.start(clock);
    openstack.createCluster(CLUSTER, 1, workerGroups);
    provider = provider(openstack.passwordAuth());
  }

  @AfterEach
  final void stopCloud() {
    openstack.close();
  }

  /** A provider of the cluster that signs in with {@code auth} and reads the provider keys. */
  MagnumCloudProvider provider(Map<String, Object> auth) {
    return ProviderFixture.provider(auth, providerKeys, CLUSTER, clock);
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
