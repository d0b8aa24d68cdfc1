package io.healer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.healer.api.embedding.HealerEvent;
import io.healer.api.NodeInfo;
import io.healer.api.cloud.RepairAction;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubernetesEventRecorderTest extends OnFakeApiServer {

  static final String EVENTS = "/api/v1/namespaces/default/events";

  final KubernetesEventRecorder recorder = new KubernetesEventRecorder(server.client(), clock, "healer-a",
      name -> Optional.of("uid-" + name));
  final NodeInfo node = NodeInfo.builder("worker-1").build();

  @AfterEach
  void stop() {
    recorder.close();
  }

  HealerEvent event(HealerEvent.Type type, String message) {
    return HealerEvent.builder(type, node, clock.instant()).check("NodeCondition").message(message).build();
  }

  List<JsonObject> events() {
    return server.list(EVENTS);
  }

  @Test
  void writesAnEventOnTheNodeWithTheCamelCaseReason() {
    recorder.onEvent(HealerEvent.builder(HealerEvent.Type.REPAIR_STARTED, node, clock.instant())
        .action(RepairAction.REBOOT).check("NodeCondition").message("attempt 1").build());
    recorder.sendPending();

    assertThat(events()).singleElement().satisfies(e -> {
      assertThat(e.get("reason").getAsString()).isEqualTo("RepairStarted");
      assertThat(e.get("type").getAsString()).isEqualTo("Normal");
      assertThat(e.get("message").getAsString()).isEqualTo("reboot: [NodeCondition] attempt 1");
      assertThat(e.get("count").getAsInt()).isEqualTo(1);
      JsonObject involved = e.getAsJsonObject("involvedObject");
      assertThat(involved.get("kind").getAsString()).isEqualTo("Node");
      assertThat(involved.get("name").getAsString()).isEqualTo("worker-1");
      assertThat(involved.get("uid").getAsString()).isEqualTo("uid-worker-1");
      assertThat(e.getAsJsonObject("source").get("component").getAsString()).isEqualTo("healer");
      assertThat(e.get("reportingInstance").getAsString()).isEqualTo("healer-a");
    });
  }

  @Test
  void countsARepeatedDecisionOnTheExistingEventAsKubectlExpects() {
    recorder.onEvent(event(HealerEvent.Type.REPAIR_SKIPPED, "storm guard: 3 of 4 workers are unhealthy"));
    recorder.sendPending();
    clock.advance(Duration.ofMinutes(1));
    recorder.onEvent(event(HealerEvent.Type.REPAIR_SKIPPED, "storm guard: 3 of 4 workers are unhealthy"));
    recorder.onEvent(event(HealerEvent.Type.REPAIR_SKIPPED, "storm guard: 3 of 4 workers are unhealthy"));
    recorder.sendPending();

    assertThat(events()).singleElement().satisfies(e -> {
      assertThat(e.get("count").getAsInt()).isEqualTo(3);
      assertThat(e.get("lastTimestamp").getAsString()).isEqualTo("2026-01-01T00:01:00Z");
      assertThat(e.get("firstTimestamp").getAsString()).startsWith("2026-01-01T00:00:00");
    });
    assertThat(server.requests()).filteredOn(r -> r.method().equals("PATCH")).hasSize(2);
  }

  @Test
  void aNewMessageOrAnExpiredWindowGetsANewEvent() {
    recorder.onEvent(event(HealerEvent.Type.REPAIR_SKIPPED, "dry-run: would reboot"));
    recorder.onEvent(event(HealerEvent.Type.REPAIR_SKIPPED, "healing is paused"));
    recorder.sendPending();
    clock.advance(KubernetesEventRecorder.DEDUPE_WINDOW.plusSeconds(1));
    recorder.onEvent(event(HealerEvent.Type.REPAIR_SKIPPED, "healing is paused"));
    recorder.sendPending();

    assertThat(events()).hasSize(3);
  }

  @Test
  void tellsAnAcceptedRepairFromADoneOneAndAFailedOne() {
    for (HealerEvent.Type type : List.of(HealerEvent.Type.REPAIR_SUCCEEDED, HealerEvent.Type.REPAIR_DONE,
        HealerEvent.Type.REPAIR_FAILED)) {
      recorder.onEvent(HealerEvent.builder(type, node, clock.instant()).action(RepairAction.REBOOT)
          .message(type.name()).build());
    }
    recorder.sendPending();

    assertThat(events()).extracting(e -> e.get("reason").getAsString() + "/" + e.get("type").getAsString() + "/"
            + e.get("message").getAsString())
        .containsExactlyInAnyOrder("RepairSucceeded/Normal/reboot: REPAIR_SUCCEEDED",
            "RepairDone/Normal/reboot: REPAIR_DONE", "RepairFailed/Warning/reboot: REPAIR_FAILED");
  }

  @Test
  void marksBadNewsAsWarnings() {
    recorder.onEvent(event(HealerEvent.Type.UNHEALTHY_DETECTED, "Ready is Unknown"));
    recorder.onEvent(event(HealerEvent.Type.REPAIR_FAILED, "the cloud said no"));
    recorder.onEvent(event(HealerEvent.Type.RECOVERED, "all checks pass again"));
    recorder.sendPending();

    assertThat(events()).extracting(e -> e.get("reason").getAsString() + "/" + e.get("type").getAsString())
        .containsExactlyInAnyOrder("NodeUnhealthy/Warning", "RepairFailed/Warning", "NodeRecovered/Normal");
  }

  @Test
  void dropsRatherThanBlocksWhenTheQueueIsFull() {
    for (int i = 0; i < KubernetesEventRecorder.QUEUE_SIZE + 5; i++) {
      recorder.onEvent(event(HealerEvent.Type.REPAIR_SKIPPED, "event " + i));
    }
    assertThat(recorder.pending()).isEqualTo(KubernetesEventRecorder.QUEUE_SIZE);
    assertThat(server.requests()).isEmpty();
    server.unavailable(true);
  }
}
