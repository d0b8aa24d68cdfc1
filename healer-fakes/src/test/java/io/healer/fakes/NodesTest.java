package io.healer.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeAddress;
import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aMasterLooksLikeAHealthyMagnumMaster() {
    NodeInfo node = Nodes.master("master-0", T0).build();

    assertThat(node.role()).isEqualTo(NodeRole.MASTER);
    assertThat(node.labels())
        .containsEntry(Nodes.NODE_GROUP_LABEL, "default-master")
        .containsEntry(Nodes.MAGNUM_ROLE_LABEL, "master")
        .containsKey(NodeRole.MASTER_LABEL);
    assertThat(node.providerId()).hasValue("openstack:///" + Nodes.serverId("master-0"));
    assertThat(node.uid()).isPresent();
    assertThat(node.machineId()).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
    assertThat(node.address(NodeAddress.INTERNAL_IP)).hasValueSatisfying(
        ip -> assertThat(ip).startsWith("10.0."));
    assertThat(node.condition("Ready")).hasValue(
        new NodeCondition("Ready", "True", Optional.of(T0), "KubeletReady",
            "kubelet is posting ready status"));
    assertThat(node.condition("DiskPressure")).map(NodeCondition::status).hasValue("False");
    assertThat(node.creationTime()).isEqualTo(T0);
    assertThat(node.heartbeatTime()).hasValue(T0);
  }

  @Test
  void aWorkerIsInTheDefaultWorkerGroupAndDefaultsToTheEpoch() {
    NodeInfo node = Nodes.worker("worker-0").build();

    assertThat(node.role()).isEqualTo(NodeRole.WORKER);
    assertThat(node.labels()).containsEntry(Nodes.NODE_GROUP_LABEL, "default-worker");
    assertThat(node.creationTime()).isEqualTo(Instant.EPOCH);
    assertThat(node.heartbeatTime()).hasValue(Instant.EPOCH);
  }

  @Test
  void idsAreDeterministicPerNameAndDistinctAcrossNames() {
    NodeInfo a = Nodes.worker("worker-0").build();

    assertThat(Nodes.worker("worker-0").build()).isEqualTo(a);
    NodeInfo b = Nodes.worker("worker-1").build();
    assertThat(b.uid()).isNotEqualTo(a.uid());
    assertThat(b.providerId()).isNotEqualTo(a.providerId());
    assertThat(b.machineId()).isNotEqualTo(a.machineId());
    assertThat(Nodes.providerId("worker-1")).isEqualTo(b.providerId().orElseThrow());
  }

  @Test
  void notReadyKeepsTheKubeletPostingAndUnknownFreezesTheHeartbeat() {
    Instant since = T0.plusSeconds(600);

    NodeInfo notReady = Nodes.notReady(Nodes.worker("w", T0), since).build();
    NodeInfo unknown = Nodes.unknown(Nodes.worker("w", T0), since).build();
    NodeInfo ready = Nodes.ready(Nodes.notReady(Nodes.worker("w", T0), T0), since).build();

    assertThat(notReady.condition("Ready")).hasValueSatisfying(c -> {
      assertThat(c.status()).isEqualTo("False");
      assertThat(c.reason()).isEqualTo("KubeletNotReady");
      assertThat(c.lastTransitionTime()).hasValue(since);
    });
    assertThat(unknown.conditions()).allSatisfy(c -> {
      assertThat(c.status()).isEqualTo("Unknown");
      assertThat(c.reason()).isEqualTo("NodeStatusUnknown");
    });
    assertThat(unknown.heartbeatTime()).hasValue(since);
    assertThat(ready.condition("Ready")).map(NodeCondition::status).hasValue("True");
    assertThat(ready.heartbeatTime()).hasValue(since);
  }
}
