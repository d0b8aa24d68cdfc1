package io.healer.kubernetes;

import static io.healer.kubernetes.Objects.NODES;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.healer.api.NodeInfo;
import io.healer.core.engine.RepairHooks.Readiness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutOfServiceTaintTest extends OnFakeApiServer {

  OutOfServiceTaint taint;

  @BeforeEach
  void connect() throws InterruptedException {
    server.create(NODES, Objects.node("worker-1", "Unknown", clock.instant()));
    startCache();
    taint = new OutOfServiceTaint(new NodeWriter(cache, clients.api()));
  }

  NodeInfo node(String name) {
    String version = server.get(Objects.node(name)).getAsJsonObject("metadata").get("resourceVersion").getAsString();
    Await.until("the cache has the latest " + name, () -> cache.node(name)
        .map(n -> version.equals(n.getMetadata().getResourceVersion())).orElse(false));
    return NodeMapper.map(cache.node(name).orElseThrow(), null);
  }

  List<String> taints(String name) {
    JsonObject spec = server.get(Objects.node(name)).getAsJsonObject("spec");
    List<String> out = new ArrayList<>();
    if (spec != null && spec.has("taints")) {
      for (JsonElement t : spec.getAsJsonArray("taints")) {
        JsonObject o = t.getAsJsonObject();
        out.add(o.get("key").getAsString() + "=" + (o.has("value") ? o.get("value").getAsString() : "") + ":"
            + o.get("effect").getAsString());
      }
    }
    return out;
  }

  @Test
  void addsTheOutOfServiceTaintWithAJsonPatchAndRemovesItWhenTheNodeIsBack() {
    Readiness r = taint.fence(node("worker-1"), clock.instant());

    assertThat(r.isReady()).as(r.toString()).isTrue();
    assertThat(taints("worker-1")).containsExactly("node.kubernetes.io/out-of-service=nodeshutdown:NoExecute");
    assertThat(server.requests()).filteredOn(q -> q.method().equals("PATCH")).singleElement();
    assertThat(taint.fence(node("worker-1"), clock.instant()).isReady()).as("already tainted: no second write").isTrue();
    assertThat(server.requests()).filteredOn(q -> q.method().equals("PATCH")).hasSize(1);

    taint.recovered(node("worker-1"), clock.instant());

    assertThat(taints("worker-1")).isEmpty();
    assertThat(server.get(Objects.node("worker-1")).getAsJsonObject("metadata").getAsJsonObject("annotations")
        .has(OutOfServiceTaint.FENCED_BY)).isFalse();
  }

  @Test
  void keepsTheTaintsOthersSetAndLeavesAnOutOfServiceTaintItDidNotAdd() {
    server.update(Objects.node("worker-1"), n -> {
      JsonArray taints = new JsonArray();
      JsonObject t = new JsonObject();
      t.addProperty("key", "dedicated");
      t.addProperty("value", "db");
      t.addProperty("effect", "NoSchedule");
      taints.add(t);
      n.getAsJsonObject("spec").add("taints", taints);
      return n;
    });
    taint.fence(node("worker-1"), clock.instant());
    assertThat(taints("worker-1")).containsExactly("dedicated=db:NoSchedule",
        "node.kubernetes.io/out-of-service=nodeshutdown:NoExecute");
    taint.recovered(node("worker-1"), clock.instant());
    assertThat(taints("worker-1")).containsExactly("dedicated=db:NoSchedule");

    // An operator's own out-of-service taint (no healer annotation) stays after recovery.
    server.update(Objects.node("worker-1"), n -> {
      JsonObject t = new JsonObject();
      t.addProperty("key", OutOfServiceTaint.KEY);
      t.addProperty("value", "nodeshutdown");
      t.addProperty("effect", "NoExecute");
      n.getAsJsonObject("spec").getAsJsonArray("taints").add(t);
      return n;
    });
    taint.recovered(node("worker-1"), clock.instant());
    assertThat(taints("worker-1")).contains("node.kubernetes.io/out-of-service=nodeshutdown:NoExecute");
  }

  @Test
  void readsTheNodeAgainWhenAKubeletWroteItBetweenTheReadAndThePatch() {
    java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
    server.beforeEachRequest(r -> {
      if (r.method().equals("PATCH") && once.compareAndSet(false, true)) {
        server.update(Objects.node("worker-1"), n -> n);
      }
    });

    assertThat(taint.fence(node("worker-1"), clock.instant()).isReady()).isTrue();

    assertThat(taints("worker-1")).containsExactly("node.kubernetes.io/out-of-service=nodeshutdown:NoExecute");
    assertThat(server.requests()).filteredOn(q -> q.method().equals("PATCH")).as("refused once, then applied")
        .hasSize(2);
  }

  @Test
  void saysWhyWhenTheNodeCannotBeTaintedAndAGoneNodeNeedsNothing() {
    NodeInfo seen = node("worker-1");
    server.unavailable(true);
    Readiness down = taint.fence(seen, clock.instant());
    assertThat(down.isReady()).isFalse();
    assertThat(down.reason()).startsWith("could not taint the node");
    server.unavailable(false);

    server.delete(Objects.node("worker-1"));
    Readiness gone = taint.fence(seen, clock.instant());
    assertThat(gone.isReady()).isFalse();
    assertThat(gone.reason()).contains("404");
    assertThat(server.requests()).filteredOn(q -> q.method().equals("PATCH")).isEmpty();
  }
}
