package io.healer.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.cloud.RepairAction;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultTest {

  @Test
  void presetsAreFixedByIncreasinglyDrasticActions() {
    assertThat(Fault.kubeletDeath().fixedBy()).containsExactlyInAnyOrder(RepairAction.values());
    assertThat(Fault.diskCorruption().fixedBy())
        .containsExactlyInAnyOrder(RepairAction.REBUILD, RepairAction.REPLACE);
    assertThat(Fault.hardware().fixedBy()).containsExactly(RepairAction.REPLACE);
    assertThat(Fault.hardware().isFixedBy(RepairAction.REBOOT)).isFalse();
    assertThat(Fault.kubeletDeath().stopsKubelet()).isTrue();
  }

  @Test
  void aNotReadyFaultCarriesItsReasonAndMessage() {
    Fault fault = Fault.notReady("KubeletNotReady", "PLEG is not healthy", Set.of());

    assertThat(fault.stopsKubelet()).isFalse();
    assertThat(fault.reason()).isEqualTo("KubeletNotReady");
    assertThat(fault.message()).isEqualTo("PLEG is not healthy");
    assertThat(fault.fixedBy()).isEmpty();
    assertThat(fault).hasToString("KubeletNotReady: PLEG is not healthy (fixed by nothing)");
  }

  @Test
  void faultsAreValues() {
    assertThat(Fault.diskCorruption())
        .isEqualTo(Fault.diskCorruption())
        .isNotEqualTo(Fault.hardware());
    assertThat(Fault.kubeletStopped("kernel panic", EnumSet.of(RepairAction.REBOOT)))
        .hasToString("kernel panic (fixed by [REBOOT])");
    assertThatThrownBy(() -> Fault.kubeletStopped(" ", Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
