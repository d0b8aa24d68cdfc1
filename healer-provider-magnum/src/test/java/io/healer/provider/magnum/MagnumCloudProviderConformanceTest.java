package io.healer.provider.magnum;

import io.healer.api.NodeAddress;
import io.healer.api.NodeInfo;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.CloudProviderFactory;
import io.healer.api.config.Settings;
import io.healer.fakes.Nodes;
import io.healer.testkit.CloudProviderConformance;
import io.healer.testkit.openstack.FakeOpenStack;
import io.healer.testkit.openstack.RecordedRequest;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The OpenStack provider follows every rule healer sets for a provider, against a {@link
 * FakeOpenStack} that runs on the suite's clock and holds one cluster, {@value #CLUSTER_NAME}, with
 * one master and two workers. It declares every capability.
 *
 * <p>The fake is started when the suite first asks for it (the suite creates its provider before
 * a subclass's {@code @BeforeEach} runs) and stopped after each rule.
 */
class MagnumCloudProviderConformanceTest extends CloudProviderConformance {

  private FakeOpenStack openstack;

  private FakeOpenStack openstack() {
    if (openstack == null) {
      openstack = FakeOpenStack.start(clock());
      createCluster(openstack);
    }
    return openstack;
  }

  /** The cluster the rules run on: a Heat driver's. */
  void createCluster(FakeOpenStack fake) {
    fake.createCluster(CLUSTER_NAME, 1, Map.of("default-worker", 2));
  }

  @AfterEach
  void stopTheFake() {
    if (openstack != null) {
      openstack.close();
    }
  }

  /** The factory ServiceLoader finds, on the suite's clock. */
  @Override
  protected CloudProviderFactory factory() {
    return new MagnumCloudProviderFactory(clock());
  }

  @Override
  protected Settings validSettings() {
    return Settings.of(block(openstack().applicationCredentialAuth()));
  }

  /** The first worker, mapped by its provider id and address, as the kubelet reports them. */
  @Override
  protected NodeInfo knownNode() {
    String id = openstack().serverIds(CLUSTER_NAME, "default-worker").get(0);
    String address = openstack().server(id).orElseThrow().address();
    return Nodes.worker("conformance-worker-0").providerId("openstack:///" + id)
        .address(NodeAddress.INTERNAL_IP, address).build();
  }

  /** The repairs OpenStack accepted: reboots, resizes and stack updates answered 2xx. */
  @Override
  protected int repairsStarted(CloudProvider provider) {
    return (int) openstack().requests().stream().filter(MagnumCloudProviderConformanceTest::beginsARepair).count();
  }

  private static boolean beginsARepair(RecordedRequest r) {
    boolean accepted = r.status() >= 200 && r.status() < 300;
    boolean reboot = r.method().equals("POST") && r.path().endsWith("/action") && r.body().contains("\"reboot\"");
    boolean resize = r.method().equals("POST") && r.path().endsWith("/actions/resize");
    boolean stackUpdate = r.method().equals("PATCH") && r.path().matches("/heat/v1/[^/]+/stacks/[^/]+/[^/]+");
    return accepted && (reboot || resize || stackUpdate);
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  /** As an operator would: the cluster label {@code auto_healing_enabled=false}. */
  @Override
  protected CloudProvider disableHealing(CloudProvider provider) {
    openstack().label(CLUSTER_NAME, MagnumCloudProvider.HEALING_LABEL, "false");
    return provider;
  }

  @Override
  protected Settings settingsWithSecret() {
    return Settings.of(block(openstack().passwordAuth()));
  }

  @Override
  protected String secretValue() {
    return FakeOpenStack.PASSWORD;
  }

  /** The fake's block; no stop wait, so that no rule waits on a real clock. */
  private static Map<String, Object> block(Map<String, Object> auth) {
    Map<String, Object> block = new LinkedHashMap<>(auth);
    block.put("stop-wait", "0s");
    return block;
  }
}
