package io.healer.kubernetes;

import static io.healer.kubernetes.Objects.NODES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.healer.api.cloud.RepairAction;
import io.healer.core.engine.NodeRecord;
import io.healer.core.engine.RepairStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnnotationRepairLedgerTest extends OnFakeApiServer {

  final Instant t = Instant.parse("2026-01-01T00:01:00Z");
  static final Duration GRACE = Duration.ofMinutes(5);
  AnnotationRepairLedger ledger;

  @BeforeEach
  void connect() throws InterruptedException {
    server.create(NODES, Objects.node("worker-1", "False", t));
    server.create(NODES, Objects.annotated(Objects.node("worker-2", "True", t), "keep", "me"));
    newCache();
    ledger = new AnnotationRepairLedger(cache, new NodeWriter(cache, clients.api()), GRACE);
    cache.start();
    assertThat(cache.awaitSynced(Duration.ofSeconds(10))).isTrue();
  }

  NodeRecord requested(int attempt) {
    return NodeRecord.start("uid").withUnhealthySince(Map.of("NodeCondition", t))
        .withStep(new RepairStep(RepairAction.REBOOT, RepairStep.State.REQUESTED, t, t.plusSeconds(300), attempt));
  }

  @Test
  void savesOnTheNodeAndLoadsItBackFromTheCache() {
    ledger.save("worker-2", requested(1));

    assertThat(server.get(Objects.node("worker-2")).getAsJsonObject("metadata").getAsJsonObject("annotations")
        .get("healer.io/repair-action").getAsString()).isEqualTo("reboot");
    Await.until("the cache sees the write", () -> cache.node("worker-2").orElseThrow().getMetadata()
        .getAnnotations().containsKey("healer.io/record"));
    server.clearRequests();
    assertThat(ledger.load()).containsOnly(Map.entry("worker-2", requested(1)));
    assertThat(server.requests()).as("load reads the cache").isEmpty();
    assertThat(cache.node("worker-2").orElseThrow().getMetadata().getAnnotations()).containsEntry("keep", "me");
  }

  @Test
  void aWorkerTheGoHealerCordonedLoadsAsTheRebootItStartedThen() {
    Instant cordoned = t.plusSeconds(20);
    server.create(NODES, Objects.cordonedBy(Objects.node("worker-3", "Unknown", t), GoHealerCordon.MANAGER, cordoned));
    Await.until("the cache has worker-3", () -> cache.node("worker-3").isPresent());

    NodeRecord adopted = ledger.load().get("worker-3");

    assertThat(adopted).as("the Go healer's reboot").isNotNull();
    assertThat(adopted.lastStep()).isEqualTo(new RepairStep(RepairAction.REBOOT, RepairStep.State.STARTED, cordoned,
        cordoned.plus(GRACE), 1));
    assertThat(adopted.uid()).isEqualTo(cache.node("worker-3").orElseThrow().getMetadata().getUid());
    assertThat(ledger.find("worker-3")).contains(adopted);
    assertThat(ledger.load()).as("no other node has a record").containsOnlyKeys("worker-3");
  }

  @Test
  void aCordonByAnOperatorOrAnUncordonedNodeIsNoRepairOfTheGoHealer() {
    server.create(NODES, Objects.cordonedBy(Objects.node("worker-3", "Unknown", t), "kubectl-cordon", t));
    JsonObject uncordoned = Objects.cordonedBy(Objects.node("worker-4", "True", t), GoHealerCordon.MANAGER, t);
    uncordoned.getAsJsonObject("spec").addProperty("unschedulable", false);
    server.create(NODES, uncordoned);
    Await.until("the cache has both", () -> cache.node("worker-3").isPresent() && cache.node("worker-4").isPresent());

    assertThat(ledger.load()).isEmpty();
  }

  @Test
  void healersOwnRecordWinsOverTheGoHealersCordon() {
    server.create(NODES, Objects.cordonedBy(Objects.node("worker-3", "Unknown", t), GoHealerCordon.MANAGER, t));
    Await.until("the cache has worker-3", () -> cache.node("worker-3").isPresent());
    ledger.save("worker-3", requested(2));
    Await.until("the cache sees the write", () -> cache.node("worker-3").orElseThrow().getMetadata()
        .getAnnotations().containsKey("healer.io/record"));

    assertThat(ledger.load().get("worker-3")).isEqualTo(requested(2));
  }

  @Test
  void writesTwiceInARowBeforeTheWatchCatchesUp() {
    ledger.save("worker-1", requested(1));
    NodeRecord started = requested(1).withStep(requested(1).lastStep().withState(RepairStep.State.STARTED,
        t.plusSeconds(300)));
    ledger.save("worker-1", started);

    assertThat(ledger.find("worker-1")).contains(started);
  }

  @Test
  void anUnexpectedFailureIsExplainedWithTheNodeAndWhereItHappenedNotAsABareException() {
    // A record the code cannot encode (a bug): the message must name the node and the place.
    Map<String, Instant> sinceUnknown = new java.util.HashMap<>();
    sinceUnknown.put("NodeCondition", null);
    NodeRecord broken = NodeRecord.start("uid").withUnhealthySince(sinceUnknown);

    assertThatThrownBy(() -> ledger.save("worker-1", broken))
        .isInstanceOf(AnnotationRepairLedger.LedgerWriteException.class)
        .hasMessageStartingWith("could not write the record of node worker-1: NullPointerException (")
        .hasMessageContaining(" at io.healer.kubernetes.RecordAnnotations.")
        .hasMessageEndingWith("; the record is kept in memory and written again on the next change");
  }

  /**
   * The ledger's own requests: those on one node. A closed cache's informers may still send a list
   * or a watch they had under way, which are not the ledger's and come at a time of their own.
   */
  List<String> methods() {
    return server.requests().stream().filter(r -> !r.watch() && !r.isList()).map(r -> r.method()).toList();
  }

  JsonObject annotations(String node) {
    return server.get(Objects.node(node)).getAsJsonObject("metadata").getAsJsonObject("annotations");
  }

  @Test
  void aWriteRefusedBecauseAnotherWriterChangedTheNodeIsRetriedOnTheFreshNode() {
    // The cache stops first, so the watch cannot deliver the change: the ledger holds the old version.
    cache.close();
    // A controller taints the node, an operator annotates it: changes healer does not own.
    server.update(Objects.node("worker-1"), n -> Objects.annotated(n, "operator", "was-here"));
    server.clearRequests();

    ledger.save("worker-1", requested(1));

    assertThat(methods()).as("refused (422), read again, written").containsExactly("PATCH", "GET", "PATCH");
    assertThat(annotations("worker-1").get("operator").getAsString()).isEqualTo("was-here");
    assertThat(annotations("worker-1").get("healer.io/repair-action").getAsString()).isEqualTo("reboot");

    NodeRecord started = requested(1).withStep(requested(1).lastStep().withState(RepairStep.State.STARTED,
        t.plusSeconds(300)));
    ledger.save("worker-1", started);
    assertThat(methods()).as("the next write builds on the retried one").containsExactly("PATCH", "GET", "PATCH",
        "PATCH");
    assertThat(ledger.find("worker-1")).contains(started);
  }

  @Test
  void refusesToOverwriteARecordAnotherWriterChanged() {
    cache.close();
    // Another healer (an old leader, say) wrote a record of its own.
    server.update(Objects.node("worker-1"), n -> Objects.annotated(n, "healer.io/repair-action", "rebuild"));

    assertThatThrownBy(() -> ledger.save("worker-1", requested(1)))
        .isInstanceOf(AnnotationRepairLedger.LedgerWriteException.class)
        .hasMessageContaining("worker-1").hasMessageContaining("changed by another writer");
    assertThat(annotations("worker-1").get("healer.io/repair-action").getAsString()).isEqualTo("rebuild");
    assertThat(annotations("worker-1").has("healer.io/record")).isFalse();
  }

  @Test
  void refusesToWriteOnANodeReCreatedUnderTheSameName() {
    cache.close();
    server.delete(Objects.node("worker-1"));
    server.create(NODES, Objects.node("worker-1", "True", t));

    assertThatThrownBy(() -> ledger.save("worker-1", requested(1)))
        .isInstanceOf(AnnotationRepairLedger.LedgerWriteException.class).hasMessageContaining("re-created");
    assertThat(server.get(Objects.node("worker-1")).getAsJsonObject("metadata").has("annotations")).isFalse();
  }

  @Test
  void givesUpAfterThreeRefusalsInARow() {
    cache.close();
    // A node that changes between every read and write.
    AtomicInteger ticks = new AtomicInteger();
    server.beforeEachRequest(r -> {
      if (r.method().equals("PATCH")) {
        server.update(Objects.node("worker-1"), n -> Objects.annotated(n, "tick", "" + ticks.incrementAndGet()));
      }
    });
    server.clearRequests();

    assertThatThrownBy(() -> ledger.save("worker-1", requested(1)))
        .isInstanceOf(AnnotationRepairLedger.LedgerWriteException.class).hasMessageContaining("HTTP 422");
    assertThat(methods()).containsExactly("PATCH", "GET", "PATCH", "GET", "PATCH");
  }

  @Test
  void removesOnlyTheRecordKeys() {
    ledger.save("worker-2", requested(2));
    ledger.remove("worker-2");

    Map<String, ?> annotations = server.get(Objects.node("worker-2")).getAsJsonObject("metadata")
        .getAsJsonObject("annotations").asMap();
    assertThat(annotations).containsOnlyKeys("keep");
    assertThat(ledger.find("worker-2")).isEmpty();
  }
}
