package io.healer.integration.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cinder's catalog type as real deployments register it, in the real Keystone's catalog: the
 * provider reads Cinder (the stand-in) under any of its types, the official one first. Each case
 * is the first cycle of a worker's REPLACE, which reads every attached volume from Cinder to tell
 * the root volume from data volumes and detaches the data volumes before powering the server off.
 */
@ExtendWith(RealOpenStackExtension.class)
@DisplayName("Catalog: Cinder under each type real deployments register")
class CatalogTest {

  /** Long enough that the first cycle sees the server still ACTIVE: no resize follows. */
  private static final Duration SLOW_STOP = Duration.ofMinutes(2);

  @ParameterizedTest(name = "Cinder registered only as {0}")
  @ValueSource(strings = {"block-storage", "volumev3", "volumev2", "volume"})
  @DisplayName("a worker's data volume is found and detached, its root volume kept")
  void cinderUnderEachType(String type, RealOpenStack openstack) {
    String path = "/" + type + (type.equals("volumev2") ? "/v2" : "/v3");
    Registered cinder = register(openstack, Map.of(type, path));
    try (cinder) {
      Replace r = replaceFirstCycle(openstack);
      assertThat(r.result().status()).as(r.result().reason()).isEqualTo(RepairResult.Status.RETRY_LATER);
      assertThat(r.result().reason()).contains("waiting for server");
      assertThat(openstack.nova().attached(r.server())).containsExactly(r.root());
      String project = openstack.identity().projectId();
      assertThat(openstack.cinder().calls()).containsExactlyInAnyOrder(
          "GET " + path + "/" + project + "/volumes/" + r.root(), "GET " + path + "/" + project + "/volumes/" + r.data());
    }
  }

  @Test
  @DisplayName("with block-storage and volumev3 both registered, the official block-storage is used")
  void officialTypeFirst(RealOpenStack openstack) {
    try (Registered cinder = register(openstack, Map.of("volumev3", "/old/v3", "block-storage", "/new/v3"))) {
      Replace r = replaceFirstCycle(openstack);
      assertThat(r.result().status()).as(r.result().reason()).isEqualTo(RepairResult.Status.RETRY_LATER);
      assertThat(openstack.cinder().calls()).hasSize(2).allMatch(c -> c.startsWith("GET /new/v3/"));
    }
  }

  @Test
  @DisplayName("without Cinder in the catalog the replace fails naming the service, and the server is untouched")
  void noCinder(RealOpenStack openstack) {
    try (Registered none = register(openstack, Map.of())) {
      Replace r = replaceFirstCycle(openstack);
      assertThat(r.result().status()).isEqualTo(RepairResult.Status.FAILED);
      assertThat(r.result().reason()).contains("no public endpoint of Cinder", "block-storage or volumev3",
          "region '" + Identity.REGION + "'");
      assertThat(openstack.nova().attached(r.server())).containsExactlyInAnyOrder(r.root(), r.data());
      assertThat(r.novaCalls()).noneMatch(c -> c.contains("/action") || c.startsWith("DELETE"));
      assertThat(openstack.nova().status(r.server())).isEqualTo("ACTIVE");
    }
  }

  /** The first cycle of a worker's REPLACE: its server has a root and a data volume and stops slowly. */
  private static Replace replaceFirstCycle(RealOpenStack openstack) {
    openstack.awaitQuiet();
    String server = openstack.serverIds("kube_minions").get(0);
    String root = UUID.randomUUID().toString();
    String data = UUID.randomUUID().toString();
    openstack.nova().attach(server, root, true);
    openstack.nova().attach(server, data, false);
    openstack.cinder().addVolume(root, true);
    openstack.cinder().addVolume(data, false);
    openstack.nova().stopTime(server, SLOW_STOP);
    Map<String, Object> block = openstack.passwordByIds();
    // One status poll right after os-stop: the cycle ends before the resize.
    block.put("stop-wait", "0s");
    NodeInfo node = openstack.worker("worker-cinder", server, "default-worker");
    int before = openstack.nova().calls().size();
    RepairResult result = openstack.provider(RealOpenStack.CLUSTER, block).repair(new RepairRequest(List.of(
        new RepairTarget(node, RepairAction.REPLACE, "catalog test", 1)), Instant.now())).get(0);
    List<String> calls = openstack.nova().calls();
    return new Replace(server, root, data, result, calls.subList(before, calls.size()));
  }

  /** A replace's first cycle: the server, its volumes, the result and the calls Nova received. */
  private record Replace(String server, String root, String data, RepairResult result, List<String> novaCalls) {}

  /** Registers the Cinder stand-in under each type at its path; closing removes them and resets the servers. */
  private static Registered register(RealOpenStack openstack, Map<String, String> pathByType) {
    List<String> services = pathByType.entrySet().stream().map(e -> {
      String id = openstack.keystone().addService(e.getKey(), "cinder-" + e.getKey());
      openstack.keystone().addEndpoint(id, "public", Identity.REGION, openstack.cinder().url(e.getValue()));
      return id;
    }).toList();
    return new Registered(openstack, services);
  }

  private record Registered(RealOpenStack openstack, List<String> services) implements AutoCloseable {
    @Override
    public void close() {
      services.forEach(id -> openstack.keystone().delete("/services/" + id));
      openstack.serverIds("kube_minions").forEach(openstack.nova()::reset);
      openstack.cinder().reset();
    }
  }
}
