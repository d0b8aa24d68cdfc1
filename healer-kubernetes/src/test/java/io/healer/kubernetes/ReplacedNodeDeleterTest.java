package io.healer.kubernetes;

import static io.healer.kubernetes.Objects.NODES;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.cloud.RepairAction;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplacedNodeDeleterTest extends OnFakeApiServer {

  final ReplacedNodeDeleter deleter = new ReplacedNodeDeleter(server.client());

  /** The node as the engine saw it: its name and the UID it had then. */
  NodeInfo seen(String name) {
    String uid = server.get(Objects.node(name)).getAsJsonObject("metadata").get("uid").getAsString();
    return NodeInfo.builder(name).uid(uid).build();
  }

  List<FakeApiServer.Request> deletes() {
    return server.requests().stream().filter(r -> r.method().equals("DELETE")).toList();
  }

  @Test
  void deletesTheNodeOnceTheCloudAcceptedItsReplacement() {
    server.create(NODES, Objects.node("worker-1", "Unknown", clock.instant()));

    deleter.started(seen("worker-1"), RepairAction.REPLACE, clock.instant());

    assertThat(server.get(Objects.node("worker-1"))).isNull();
    assertThat(deletes()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/api/v1/nodes/worker-1"));
  }

  @Test
  void neverDeletesAfterARebootOrARebuild() {
    server.create(NODES, Objects.node("worker-1", "Unknown", clock.instant()));

    deleter.started(seen("worker-1"), RepairAction.REBOOT, clock.instant());
    deleter.started(seen("worker-1"), RepairAction.REBUILD, clock.instant());

    assertThat(server.get(Objects.node("worker-1"))).isNotNull();
    assertThat(deletes()).isEmpty();
  }

  @Test
  void neverDeletesANodeReCreatedUnderTheSameName() {
    server.create(NODES, Objects.node("worker-1", "Unknown", clock.instant()));
    NodeInfo old = seen("worker-1");
    server.delete(Objects.node("worker-1"));
    server.create(NODES, Objects.node("worker-1", "True", clock.instant()));
    String newUid = server.get(Objects.node("worker-1")).getAsJsonObject("metadata").get("uid").getAsString();

    deleter.started(old, RepairAction.REPLACE, clock.instant());

    assertThat(deletes()).as("the DELETE was sent, with the old UID as its precondition").hasSize(1);
    assertThat(server.get(Objects.node("worker-1"))).as("the new node is still there").isNotNull()
        .satisfies(n -> assertThat(n.getAsJsonObject("metadata").get("uid").getAsString()).isEqualTo(newUid));
  }

  @Test
  void aNodeAlreadyGoneIsFine() {
    server.create(NODES, Objects.node("worker-1", "Unknown", clock.instant()));
    NodeInfo old = seen("worker-1");
    server.delete(Objects.node("worker-1"));

    deleter.started(old, RepairAction.REPLACE, clock.instant());

    assertThat(deletes()).hasSize(1);
  }

  @Test
  void withoutAUidNothingIsDeleted() {
    server.create(NODES, Objects.node("worker-1", "Unknown", clock.instant()));

    deleter.started(NodeInfo.builder("worker-1").build(), RepairAction.REPLACE, clock.instant());

    assertThat(server.get(Objects.node("worker-1"))).isNotNull();
    assertThat(deletes()).isEmpty();
  }

  @Test
  void anUnreachableApiServerIsLoggedNotThrown() {
    server.create(NODES, Objects.node("worker-1", "Unknown", clock.instant()));
    NodeInfo node = seen("worker-1");
    server.unavailable(true);

    deleter.started(node, RepairAction.REPLACE, clock.instant());

    server.unavailable(false);
    assertThat(server.get(Objects.node("worker-1"))).isNotNull();
  }
}
