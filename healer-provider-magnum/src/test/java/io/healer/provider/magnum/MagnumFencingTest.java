package io.healer.provider.magnum;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.cloud.PowerState;
import io.healer.api.cloud.RepairResult;
import io.healer.fakes.Nodes;
import io.healer.testkit.openstack.RecordedRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The power state and power-off that fencing asks of Nova (issue #16 item 1), over HTTP. */
class MagnumFencingTest extends OnFakeOpenStack {

  MagnumFencingTest() {
    super(TWO_WORKERS, Map.of("request-retries", 0));
  }

  NodeInfo worker(String serverId) {
    return Nodes.worker("worker-1").providerId("openstack:///" + serverId).build();
  }

  @Test
  void readsNovasStatusActiveAsRunningAndShutoffAsOff() {
    String id = openstack.serverIds(CLUSTER, "default-worker").get(0);
    assertThat(provider.powerState(worker(id))).isEqualTo(PowerState.running("ACTIVE"));
    openstack.serverStatus(id, "SHUTOFF");
    assertThat(provider.powerState(worker(id))).isEqualTo(PowerState.off("SHUTOFF"));
    openstack.serverStatus(id, "ERROR");
    assertThat(provider.powerState(worker(id)).status()).isEqualTo(PowerState.Status.OTHER);
    assertThat(openstack.requests()).extracting(RecordedRequest::call).contains("GET /compute/v2.1/servers/" + id);
  }

  @Test
  void anErrorOrAnUnknownServerIsUnknownNeverOff() {
    String id = openstack.serverIds(CLUSTER, "default-worker").get(0);
    openstack.serverStatus(id, "SHUTOFF");
    openstack.failNext("GET", "/compute/v2.1/servers/" + id, 503, 1);
    PowerState s = provider.powerState(worker(id));
    assertThat(s.status()).isEqualTo(PowerState.Status.UNKNOWN);
    assertThat(s.detail()).contains("could not read server " + id);

    assertThat(provider.powerState(worker("00000000-0000-0000-0000-000000000000")).status())
        .isEqualTo(PowerState.Status.UNKNOWN);
    assertThat(provider.powerState(Nodes.worker("no-id").build()).status()).isEqualTo(PowerState.Status.UNKNOWN);
  }

  @Test
  void powersOffWithOsStopAndTheServerIsOffAfterNovaStoppedIt() {
    String id = openstack.serverIds(CLUSTER, "default-worker").get(0);
    openstack.stopTime(Duration.ofSeconds(20));

    RepairResult r = provider.powerOff(worker(id));

    assertThat(r.status()).isEqualTo(RepairResult.Status.STARTED);
    assertThat(openstack.changes()).filteredOn(c -> c.call().equals("POST /compute/v2.1/servers/" + id + "/action"))
        .singleElement().satisfies(c -> assertThat(c.body()).contains("\"os-stop\":null"));
    assertThat(provider.powerState(worker(id)).isOff()).as("Nova stops it later").isFalse();
    clock.advance(Duration.ofSeconds(21));
    assertThat(provider.powerState(worker(id)).isOff()).isTrue();
  }

  @Test
  void neverPowersOffAServerOutsideTheCluster() {
    String stranger = openstack.createStandaloneServer("someone-elses-vm");
    RepairResult r = provider.powerOff(worker(stranger));
    assertThat(r.status()).isEqualTo(RepairResult.Status.FAILED);
    assertThat(r.reason()).contains("is not part of cluster k8s");
    assertThat(openstack.changes()).isEmpty();
  }
}
