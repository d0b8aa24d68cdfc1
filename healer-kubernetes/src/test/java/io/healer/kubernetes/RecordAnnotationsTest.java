package io.healer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.cloud.RepairAction;
import io.healer.core.engine.NodeRecord;
import io.healer.core.engine.RepairStep;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordAnnotationsTest {

  final Instant t = Instant.parse("2026-01-01T00:01:00Z");

  @Test
  void roundTripsAFreshRecord() {
    NodeRecord fresh = NodeRecord.start(null);
    assertThat(RecordAnnotations.decode(RecordAnnotations.encode(fresh))).isEqualTo(fresh);
    assertThat(RecordAnnotations.encode(fresh)).containsOnlyKeys("healer.io/record");
  }

  @Test
  void roundTripsEveryFieldExactly() {
    NodeRecord full = new NodeRecord("uid-1",
        Map.of("NodeCondition", t, "Endpoint", t.plusNanos(123_456_789)), true, t.plusSeconds(5),
        new RepairStep(RepairAction.REBUILD, RepairStep.State.NOT_SUPPORTED, t.plusSeconds(60),
            t.plusSeconds(1860), 2), 3, t.plusSeconds(600), true);

    Map<String, String> annotations = RecordAnnotations.encode(full);

    assertThat(RecordAnnotations.decode(annotations)).isEqualTo(full);
    assertThat(annotations).containsEntry("healer.io/repair-action", "rebuild")
        .containsEntry("healer.io/repair-state", "not-supported")
        .containsEntry("healer.io/repair-attempt", "2")
        .containsEntry("healer.io/repair-started-at", "2026-01-01T00:02:00Z")
        .containsEntry("healer.io/unhealthy-since",
            "{\"Endpoint\":\"2026-01-01T00:01:00.123456789Z\",\"NodeCondition\":\"2026-01-01T00:01:00Z\"}");
    assertThat(RecordAnnotations.KEYS).containsAll(annotations.keySet());
  }

  @Test
  void roundTripsEveryStepState() {
    for (RepairStep.State state : RepairStep.State.values()) {
      NodeRecord r = NodeRecord.start("u").withStep(new RepairStep(RepairAction.REBOOT, state, t, t, 1));
      assertThat(RecordAnnotations.decode(RecordAnnotations.encode(r))).isEqualTo(r);
    }
  }

  @Test
  void namesTheKeyAnEditedAnnotationBroke() {
    Map<String, String> a = new HashMap<>(RecordAnnotations.encode(NodeRecord.start("u")
        .withStep(new RepairStep(RepairAction.REBOOT, RepairStep.State.STARTED, t, t, 1))));
    a.put("healer.io/repair-attempt", "two");

    assertThatThrownBy(() -> RecordAnnotations.decode(a)).hasMessageContaining("healer.io/repair-action");
  }
}
