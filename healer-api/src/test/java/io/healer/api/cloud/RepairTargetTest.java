package io.healer.api.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import org.junit.jupiter.api.Test;

class RepairTargetTest {

  private final NodeInfo node = NodeInfo.builder("worker-1").uid("3f1c").build();

  @Test
  void theIdempotencyKeyIsStableForTheSameRepairAndDiffersForAnyOther() {
    RepairTarget first = new RepairTarget(node, RepairAction.REBOOT, "Ready is Unknown", 1);

    assertThat(first.idempotencyKey()).isEqualTo("3f1c/reboot/1")
        .isEqualTo(new RepairTarget(node, RepairAction.REBOOT, "another wording", 1).idempotencyKey())
        .isNotEqualTo(new RepairTarget(node, RepairAction.REBOOT, "Ready is Unknown", 2).idempotencyKey())
        .isNotEqualTo(new RepairTarget(node, RepairAction.REPLACE, "Ready is Unknown", 1).idempotencyKey());
  }

  @Test
  void fallsBackToTheNodeNameWithoutUid() {
    assertThat(new RepairTarget(NodeInfo.builder("w").build(), RepairAction.REPLACE, "x", 3).idempotencyKey())
        .isEqualTo("w/replace/3");
  }
}
