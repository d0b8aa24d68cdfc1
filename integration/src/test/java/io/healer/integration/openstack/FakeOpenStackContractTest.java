package io.healer.integration.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.config.Settings;
import io.healer.fakes.ManualClock;
import io.healer.fakes.Nodes;
import io.healer.provider.magnum.MagnumCloudProvider;
import io.healer.provider.magnum.MagnumCloudProviderFactory;
import io.healer.testkit.openstack.FakeOpenStack;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;

/** The contract against healer-testkit's {@link FakeOpenStack}, set up like the real services. */
@DisplayName("Contract: FakeOpenStack")
class FakeOpenStackContractTest extends OpenStackContract {

  private final ManualClock clock = new ManualClock();
  private FakeOpenStack openstack;

  @BeforeEach
  void start() {
    openstack = FakeOpenStack.start(clock);
    Map<String, Integer> groups = new LinkedHashMap<>();
    groups.put("default-worker", 2);
    groups.put(RealOpenStack.BOUNDED_GROUP, 2);
    openstack.createCluster(RealOpenStack.CLUSTER, 1, groups);
    openstack.nodeGroupBounds(RealOpenStack.CLUSTER, RealOpenStack.BOUNDED_GROUP, 1, 1);
    openstack.createCluster(RealOpenStack.LOST_STACK_CLUSTER, 1, Map.of("default-worker", 1));
    openstack.loseStack(RealOpenStack.LOST_STACK_CLUSTER);
    openstack.createCluster(RealOpenStack.TWIN_CLUSTER, 1, Map.of("default-worker", 1));
    openstack.createCluster(RealOpenStack.TWIN_CLUSTER, 1, Map.of("default-worker", 1));
    // Magnum 15 shows no template driver field, as the real one here.
    openstack.createClusterApiCluster(RealOpenStack.CAPI_CLUSTER, "k8s_cluster_api_ubuntu", false, 1,
        Map.of("default-worker", 2));
    // The healer user of the real services is a member of its project: Nova's policy hides host_status.
    openstack.hostStatusShown(false);
  }

  @AfterEach
  void stop() {
    openstack.close();
  }

  private String token() {
    Map<String, Object> auth = Map.of("identity", Map.of("methods", List.of("password"), "password",
        Map.of("user", Map.of("name", FakeOpenStack.USERNAME, "domain", Map.of("name", FakeOpenStack.DOMAIN),
            "password", FakeOpenStack.PASSWORD))),
        "scope", Map.of("project", Map.of("id", openstack.projectId())));
    return Rest.send("POST", openstack.authUrl() + "/auth/tokens", null, Map.of("auth", auth))
        .header("X-Subject-Token").orElseThrow();
  }

  @Override
  Cloud cloud() {
    return new Cloud() {
      @Override
      public MagnumCloudProvider provider(String cluster) {
        return new MagnumCloudProviderFactory().create(Settings.of("openstack", openstack.passwordAuth()), cluster,
            clock);
      }

      @Override
      public NodeInfo workerOfGroupOutsideItsBounds() {
        String id = openstack.serverIds(RealOpenStack.CLUSTER, RealOpenStack.BOUNDED_GROUP).get(0);
        return Nodes.worker("worker-b").providerId(Nodes.PROVIDER_ID_PREFIX + id)
            .label(Nodes.NODE_GROUP_LABEL, RealOpenStack.BOUNDED_GROUP).build();
      }

      @Override
      public String serverStatus(String serverId) {
        return openstack.server(serverId).orElseThrow().status();
      }

      @Override
      public List<String> workers() {
        return openstack.serverIds(RealOpenStack.CLUSTER, "default-worker");
      }

      @Override
      public int resize(List<String> servers) {
        return Rest.send("POST", openstack.baseUrl() + "/magnum/v1/clusters/" + RealOpenStack.CLUSTER
            + "/actions/resize", token(), Map.of("node_count", 2, "nodes_to_remove", servers,
            "nodegroup", "default-worker"), "OpenStack-API-Version", "container-infra 1.10").status();
      }

      @Override
      public void awaitUpdating() {
        assertThat(openstack.clusterStatus(RealOpenStack.CLUSTER)).isEqualTo("UPDATE_IN_PROGRESS");
      }

      @Override
      public void awaitRemoved(List<String> removed) {
        clock.advance(Duration.ofMinutes(10));
        assertThat(openstack.clusterStatus(RealOpenStack.CLUSTER)).isEqualTo("UPDATE_COMPLETE");
      }

      @Override
      public void serverHost(String serverId, String host) {
        openstack.serverHost(serverId, host);
      }

      @Override
      public String projectId() {
        return openstack.projectId();
      }

      @Override
      public Rest.Reply showServer(String serverId, String microversion) {
        return Rest.send("GET", openstack.baseUrl() + "/compute/v2.1/servers/" + serverId, token(), null,
            "OpenStack-API-Version", microversion);
      }

      @Override
      public int magnumStatusAt(String microversion) {
        return Rest.send("GET", openstack.baseUrl() + "/magnum/v1/clusters/" + RealOpenStack.CLUSTER, token(), null,
            "OpenStack-API-Version", microversion).status();
      }
    };
  }
}
