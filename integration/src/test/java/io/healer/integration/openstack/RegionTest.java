package io.healer.integration.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.integration.support.Ports;
import io.healer.integration.support.StallingProxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A second region in the real Keystone's catalog, {@value #REGION_TWO}, with {@code internal}
 * endpoints only: Nova there is a second stand-in, Magnum and Heat are the same real services
 * behind proxies that count connections. The provider must talk to the region and interface it is
 * given, and name what is missing when the catalog has no such endpoint.
 */
@ExtendWith(RealOpenStackExtension.class)
@DisplayName("Catalog: region and interface selection")
class RegionTest {

  static final String REGION_TWO = "RegionTwo";

  private static NovaStandIn novaTwo;
  private static StallingProxy magnumTwo;
  private static StallingProxy heatTwo;
  private static final List<String> endpoints = new ArrayList<>();

  @BeforeAll
  static void secondRegion(RealOpenStack openstack) {
    Keystone keystone = openstack.keystone();
    novaTwo = new NovaStandIn(Ports.free(), openstack.authUrl(), keystone::adminToken);
    magnumTwo = StallingProxy.to(openstack.magnumPort());
    heatTwo = StallingProxy.to(openstack.heatPort());
    endpoints.add(keystone.addEndpoint(keystone.serviceId("compute"), "internal", REGION_TWO, novaTwo.url()));
    endpoints.add(keystone.addEndpoint(keystone.serviceId("container-infra"), "internal", REGION_TWO,
        Magnum.catalogUrl(magnumTwo.port())));
    endpoints.add(keystone.addEndpoint(keystone.serviceId("orchestration"), "internal", REGION_TWO,
        Heat.catalogUrl(heatTwo.port())));
  }

  @AfterAll
  static void removeSecondRegion(RealOpenStack openstack) {
    endpoints.forEach(id -> openstack.keystone().delete("/endpoints/" + id));
    endpoints.clear();
    for (AutoCloseable c : new AutoCloseable[] {novaTwo, magnumTwo, heatTwo}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.out.println("[region-test] closing " + c + " failed: " + e);
      }
    }
  }

  private static Map<String, Object> block(RealOpenStack openstack, String region, String iface) {
    Map<String, Object> block = openstack.passwordByIds();
    block.put("region", region);
    block.put("os-endpoint-type", iface);
    return block;
  }

  @Test
  @DisplayName("with region RegionTwo and os-endpoint-type internal, every call goes to RegionTwo's internal endpoints")
  void chosenRegionAndInterface(RealOpenStack openstack) {
    openstack.awaitQuiet();
    String server = openstack.serverIds("kube_minions").get(1);
    novaTwo.addServer(server, "10.0.2.99");
    int novaOneCalls = openstack.nova().calls().size();
    var provider = openstack.provider(RealOpenStack.CLUSTER, block(openstack, REGION_TWO, "internal"));

    assertThat(provider.clusterStatus().status()).isEqualTo(ClusterStatus.Status.READY);
    RepairResult reboot = provider.repair(new RepairRequest(List.of(new RepairTarget(
        openstack.worker("worker-two", server, "default-worker"), RepairAction.REBOOT, "region test", 1)),
        Instant.now())).get(0);

    assertThat(reboot.status()).as(reboot.reason()).isEqualTo(RepairResult.Status.STARTED);
    assertThat(novaTwo.calls()).contains("POST /v2.1/servers/" + server + "/action reboot SOFT");
    assertThat(openstack.nova().calls()).hasSize(novaOneCalls);
    assertThat(magnumTwo.connections()).isNotEmpty();
    assertThat(heatTwo.connections()).isNotEmpty();
  }

  @Test
  @DisplayName("an interface the region lacks is UNKNOWN naming the service, region and interface; nothing is repaired")
  void interfaceMissingInRegion(RealOpenStack openstack) {
    openstack.awaitQuiet();
    var provider = openstack.provider(RealOpenStack.CLUSTER, block(openstack, REGION_TWO, "admin"));
    ClusterStatus status = provider.clusterStatus();
    assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
    assertThat(status.reason()).contains("no admin endpoint of Magnum", "container-infra", "region 'RegionTwo'");

    String server = openstack.serverIds("kube_minions").get(1);
    int calls = novaTwo.calls().size() + openstack.nova().calls().size();
    RepairResult reboot = provider.repair(new RepairRequest(List.of(new RepairTarget(
        openstack.worker("worker-two", server, "default-worker"), RepairAction.REBOOT, "region test", 2)),
        Instant.now())).get(0);
    assertThat(reboot.status()).isEqualTo(RepairResult.Status.FAILED);
    assertThat(reboot.reason()).contains("no admin endpoint of Magnum");
    assertThat(novaTwo.calls().size() + openstack.nova().calls().size()).isEqualTo(calls);
  }

  @Test
  @DisplayName("a region the catalog does not have is UNKNOWN naming it")
  void unknownRegion(RealOpenStack openstack) {
    ClusterStatus status = openstack.provider(RealOpenStack.CLUSTER, block(openstack, "RegionThree", "public"))
        .clusterStatus();
    assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
    assertThat(status.reason()).contains("no public endpoint of Magnum", "region 'RegionThree'");
  }
}
