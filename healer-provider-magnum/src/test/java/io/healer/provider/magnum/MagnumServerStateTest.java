package io.healer.provider.magnum;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.cloud.ServerState;
import io.healer.fakes.Nodes;
import io.healer.testkit.openstack.FakeOpenStack;
import io.healer.testkit.openstack.RecordedRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The second opinion asked of Nova (issue #16 item 3): status, hostId, host_status and zone, over HTTP. */
class MagnumServerStateTest extends OnFakeOpenStack {

  MagnumServerStateTest() {
    super(TWO_WORKERS, Map.of("request-retries", 0));
  }

  String id;

  @BeforeEach
  void firstWorker() {
    id = worker(0);
  }

  NodeInfo worker(String serverId) {
    return Nodes.worker("worker-1").providerId("openstack:///" + serverId).build();
  }

  @Test
  void readsStatusHostIdHostStatusAndZoneAtMicroversion216() {
    openstack.serverHost(id, "compute-7");
    openstack.hostStatus("compute-7", "DOWN");

    ServerState s = provider.serverState(worker(id));

    assertThat(s.status()).isEqualTo(ServerState.Status.ACTIVE);
    assertThat(s.hostId()).hasValue(FakeOpenStack.hostIdOf("compute-7"));
    assertThat(s.hostStatus()).hasValue("DOWN");
    assertThat(s.hostUp()).isFalse();
    assertThat(s.zone()).hasValue("nova");
    // host_status is only in the answer when 2.16 was asked for: one call did it.
    assertThat(openstack.requests()).extracting(RecordedRequest::call)
        .containsOnlyOnce("GET /compute/v2.1/servers/" + id);
  }

  @Test
  void tellsShutoffAndErrorApartAsDead() {
    openstack.serverStatus(id, "SHUTOFF");
    assertThat(provider.serverState(worker(id)).status()).isEqualTo(ServerState.Status.SHUTOFF);
    openstack.serverStatus(id, "ERROR");
    assertThat(provider.serverState(worker(id)).isDead()).isTrue();
    openstack.serverStatus(id, "REBOOT");
    assertThat(provider.serverState(worker(id)).status()).isEqualTo(ServerState.Status.OTHER);
  }

  @Test
  void aHostStatusThePolicyHidesIsAbsentNotUp() {
    openstack.hostStatusShown(false);

    ServerState s = provider.serverState(worker(id));

    assertThat(s.status()).isEqualTo(ServerState.Status.ACTIVE);
    assertThat(s.hostId()).isPresent();
    assertThat(s.hostStatus()).isEmpty();
    assertThat(s.hostUp()).isFalse();
  }

  @Test
  void aNovaOlderThan216IsAskedAgainAtTheBaseVersion() {
    openstack.novaMaxMicroversion(15);

    ServerState s = provider.serverState(worker(id));

    assertThat(s.status()).isEqualTo(ServerState.Status.ACTIVE);
    assertThat(s.hostId()).hasValue(FakeOpenStack.hostIdOf("compute-1"));
    assertThat(s.hostStatus()).isEmpty();
    assertThat(openstack.requests()).filteredOn(r -> r.call().equals("GET /compute/v2.1/servers/" + id))
        .extracting(RecordedRequest::status).containsExactly(406, 200);
  }

  @Test
  void anErrorAnUnknownServerAndANodeWithoutServerAreUnknown() {
    openstack.failNext("GET", "/compute/v2.1/servers/" + id, 503, 1);
    ServerState s = provider.serverState(worker(id));
    assertThat(s.status()).isEqualTo(ServerState.Status.UNKNOWN);
    assertThat(s.detail()).contains("could not read server " + id);
    assertThat(s.hostId()).isEmpty();

    assertThat(provider.serverState(worker("00000000-0000-0000-0000-000000000000")).detail())
        .contains("(404)");
    assertThat(provider.serverState(Nodes.worker("no-id").build()).status()).isEqualTo(ServerState.Status.UNKNOWN);
  }
}
