package io.healer.kubernetes;

import static io.healer.kubernetes.Objects.NODES;
import static io.healer.kubernetes.Objects.NODE_LEASES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.NodeAddress;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.embedding.NodeSourceUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InformerNodeSourceTest extends OnFakeApiServer {

  final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration SILENCE_LIMIT = Duration.ofMinutes(3);

  InformerNodeSource source;

  void connect() throws InterruptedException {
    newCache();
    source = new InformerNodeSource(cache, Duration.ofMinutes(1), SILENCE_LIMIT);
    cache.start();
    assertThat(cache.awaitSynced(Duration.ofSeconds(10))).isTrue();
  }

  Optional<NodeInfo> node(String name) {
    return source.nodes().stream().filter(n -> n.name().equals(name)).findFirst();
  }

  @Test
  void mapsEveryFieldChecksAndProvidersRead() throws Exception {
    server.create(NODES, Objects.labelled(Objects.annotated(Objects.node("worker-1", "False", t0),
        "note", "x"), "node-role.kubernetes.io/worker", ""));
    server.create(NODE_LEASES, Objects.nodeLease("worker-1", t0.plusSeconds(42)));
    connect();

    NodeInfo node = source.nodes().get(0);
    assertThat(node.name()).isEqualTo("worker-1");
    assertThat(node.uid()).isPresent();
    assertThat(node.role()).isEqualTo(NodeRole.WORKER);
    assertThat(node.providerId()).contains("openstack:///worker-1-id");
    assertThat(node.machineId()).contains("worker-1-machine");
    assertThat(node.labels()).containsKey("node-role.kubernetes.io/worker");
    assertThat(node.annotations()).containsEntry("note", "x");
    assertThat(node.address(NodeAddress.INTERNAL_IP)).isPresent();
    assertThat(node.addresses()).hasSize(2);
    assertThat(node.condition("Ready")).hasValueSatisfying(c -> {
      assertThat(c.status()).isEqualTo("False");
      assertThat(c.lastTransitionTime()).contains(t0);
      assertThat(c.reason()).isEqualTo("KubeletReady");
    });
    assertThat(node.creationTime()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(node.heartbeatTime()).as("the Lease's renew time wins").contains(t0.plusSeconds(42));
    assertThat(node.unschedulable()).isFalse();
  }

  @Test
  void fallsBackToTheNewestConditionHeartbeatWithoutALease() throws Exception {
    server.create(NODES, Objects.node("worker-1", "True", t0));
    connect();

    assertThat(source.nodes().get(0).heartbeatTime()).contains(t0);
  }

  @Test
  void seesALeaseRenewalWithinTheWatch() throws Exception {
    server.create(NODES, Objects.node("worker-1", "True", t0));
    server.create(NODE_LEASES, Objects.nodeLease("worker-1", t0));
    connect();

    server.update(NODE_LEASES + "/worker-1", l -> Objects.nodeLease("worker-1", t0.plusSeconds(10)));

    Await.until("the renewal is seen", () -> node("worker-1").flatMap(NodeInfo::heartbeatTime)
        .equals(Optional.of(t0.plusSeconds(10))));
  }

  @Test
  void reusesTheConvertedNodeUntilItsResourceVersionChanges() throws Exception {
    server.create(NODES, Objects.node("worker-1", "True", t0));
    connect();

    NodeInfo first = source.nodes().get(0);
    assertThat(source.nodes().get(0)).isSameAs(first);
    server.update(Objects.node("worker-1"), n -> Objects.ready(n, "False", t0.plusSeconds(60)));
    Await.until("the change is seen", () -> node("worker-1").orElseThrow().condition("Ready").orElseThrow()
        .status().equals("False"));
    assertThat(source.nodes().get(0)).isNotSameAs(first);
  }

  @Test
  void keepsAnExactCacheAcrossADroppedWatch() throws Exception {
    server.create(NODES, Objects.node("worker-1", "True", t0));
    server.create(NODES, Objects.node("worker-2", "True", t0));
    connect();
    Await.until("the watches are open", () -> server.openWatches() == 3);
    server.clearRequests();

    server.dropWatches();
    server.create(NODES, Objects.node("worker-3", "True", t0));
    server.delete(Objects.node("worker-1"));

    Await.until("the missed changes are seen", () -> names().equals(List.of("worker-2", "worker-3")));
    assertThat(server.requests()).as("resumed from its resource version, not re-listed")
        .noneMatch(FakeApiServer.Request::isList);
  }

  @Test
  void relistsWithoutLosingOrDuplicatingNodesWhenTheWatchExpired() throws Exception {
    server.create(NODES, Objects.node("worker-1", "True", t0));
    server.create(NODES, Objects.node("worker-2", "True", t0));
    connect();
    Await.until("the watches are open", () -> server.openWatches() == 3);
    server.clearRequests();

    server.unavailable(true);
    server.create(NODES, Objects.node("worker-3", "True", t0));
    server.delete(Objects.node("worker-2"));
    server.compact();
    server.unavailable(false);

    Await.until("the re-list replaced the cache", () -> names().equals(List.of("worker-1", "worker-3")));
    assertThat(server.requests()).as("410 Gone made it re-list")
        .anyMatch(r -> r.isList() && r.path().equals(NODES));
    assertThat(source.nodes()).hasSize(2);
  }

  @Test
  void isUnavailableUntilSyncedAndWhileTheWatchFailsLongerThanTheThreshold() throws Exception {
    server.create(NODES, Objects.node("worker-1", "True", t0));
    newCache();
    source = new InformerNodeSource(cache, Duration.ofMinutes(1), SILENCE_LIMIT);
    assertThatThrownBy(source::nodes).isInstanceOf(NodeSourceUnavailableException.class)
        .hasMessageContaining("not listed");
    cache.start();
    assertThat(cache.awaitSynced(Duration.ofSeconds(10))).isTrue();

    server.unavailable(true);
    Await.until("the failure is noticed", () -> cache.nodeWatchFailingSince().isPresent());
    assertThat(source.nodes()).as("a short outage keeps serving the cache").hasSize(1);
    clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(source::nodes).isInstanceOf(NodeSourceUnavailableException.class)
        .hasMessageContaining("HTTP 503");

    server.unavailable(false);
    Await.until("the watch is back", () -> cache.nodeWatchFailingSince().isEmpty());
    assertThat(source.nodes()).hasSize(1);
  }

  @Test
  void aSilentWatchIsOpenedAnewAndTheCacheDistrustedOnlyWhenThatGetsNoAnswer() throws Exception {
    server.create(NODES, Objects.node("worker-1", "True", t0));
    newCache();
    // Real time, as the rule's: long enough that a loaded machine answers a reconnect well within it.
    source = new InformerNodeSource(cache, Duration.ofMinutes(1), Duration.ofSeconds(2));
    cache.start();
    assertThat(cache.awaitSynced(Duration.ofSeconds(10))).isTrue();
    server.clearRequests();

    Await.until("a quiet watch is opened anew", () -> {
      boolean trusted = !unavailable(source);
      return trusted && server.requests().stream().anyMatch(r -> r.path().equals(NODES) && !r.isList());
    });
    assertThat(source.nodes()).as("a server that answers the new watch keeps the cache trusted").hasSize(1);

    // No answer at all now, and not long enough for the failure rule (a minute by the test's clock).
    server.unavailable(true);
    Await.until("the cache is distrusted once reconnecting gets no answer either", () -> unavailable(source));
    assertThatThrownBy(source::nodes).isInstanceOf(NodeSourceUnavailableException.class)
        .hasMessageContaining("reconnecting got no answer").hasMessageContaining("stalled");

    server.unavailable(false);
    server.create(NODES, Objects.node("worker-2", "True", t0));
    Await.until("once the server answers, the cache is trusted again", () -> !unavailable(source)
        && source.nodes().size() == 2);
  }

  static boolean unavailable(InformerNodeSource source) {
    try {
      source.nodes();
      return false;
    } catch (NodeSourceUnavailableException e) {
      return true;
    }
  }

  List<String> names() {
    return source.nodes().stream().map(NodeInfo::name).sorted().toList();
  }
}
