package io.healer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseLeaderElectorTest extends OnFakeApiServer {

  static final String LEASE = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/magnum-auto-healer";

  final LeaseLeaderElector a = elector("a");
  final LeaseLeaderElector b = elector("b");

  LeaseLeaderElector elector(String identity) {
    return new LeaseLeaderElector(server.client(), "kube-system", "magnum-auto-healer", identity,
        Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(5), clock);
  }

  void tick() {
    clock.advance(Duration.ofSeconds(5));
    a.step();
    b.step();
  }

  @Test
  void twoElectorsOnOneClockRaceAndExactlyOneLeads() {
    a.step();
    b.step();
    for (int i = 0; i < 20; i++) {
      assertThat(a.getAsBoolean() ^ b.getAsBoolean()).as("exactly one leads at step " + i).isTrue();
      tick();
    }
    assertThat(a.getAsBoolean()).as("the first one keeps renewing").isTrue();
    assertThat(server.get(LEASE).getAsJsonObject("spec").get("holderIdentity").getAsString()).isEqualTo("a");
  }

  @Test
  void aLeaderThatCannotRenewStopsAtItsRenewDeadlineByItsOwnClock() {
    a.step();
    assertThat(a.getAsBoolean()).isTrue();

    server.unavailable(true);
    clock.advance(Duration.ofSeconds(10));
    a.step();
    assertThat(a.getAsBoolean()).as("10s after its last renewal").isTrue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(a.getAsBoolean()).as("15s after, without any API call").isFalse();
  }

  @Test
  void aFollowerTakesOverOnlyAfterTheLeaseExpiredByItsOwnObservation() {
    a.step();
    b.step();
    server.unavailable(true);
    clock.advance(Duration.ofSeconds(15));
    assertThat(a.getAsBoolean()).isFalse();
    server.unavailable(false);

    clock.advance(Duration.ofSeconds(4));
    b.step();
    assertThat(b.getAsBoolean()).as("19s after it saw the Lease").isFalse();
    clock.advance(Duration.ofSeconds(1));
    b.step();
    assertThat(b.getAsBoolean()).as("20s after: expired").isTrue();
    a.step();
    assertThat(a.getAsBoolean()).as("the old leader sees it lost").isFalse();
  }

  @Test
  void theStartedLeadingListenerRunsEachTimeLeadershipIsGainedNotOnRenewals() {
    java.util.List<String> started = new java.util.ArrayList<>();
    a.onStartedLeading(() -> started.add("a"));
    b.onStartedLeading(() -> started.add("b"));
    a.step();
    b.step();
    tick();
    tick();
    assertThat(started).as("a leads and renews; b follows").containsExactly("a");

    server.unavailable(true);
    clock.advance(Duration.ofSeconds(15));
    server.unavailable(false);
    clock.advance(Duration.ofSeconds(5));
    b.step();
    a.step();
    assertThat(started).as("b takes over once the Lease expired").containsExactly("a", "b");
  }

  @Test
  void releaseOnCloseLetsTheOtherTakeOverOnItsNextStep() {
    a.step();
    b.step();
    a.close();

    assertThat(a.getAsBoolean()).isFalse();
    assertThat(server.get(LEASE).getAsJsonObject("spec").get("holderIdentity").getAsString()).isEmpty();
    clock.advance(Duration.ofSeconds(5));
    b.step();
    assertThat(b.getAsBoolean()).isTrue();
    assertThat(server.get(LEASE).getAsJsonObject("spec").get("leaseTransitions").getAsInt()).isEqualTo(1);
  }

  @Test
  void aRenewingLeaderWritesOncePerRetryPeriodAndReadsNothing() {
    a.step();
    server.clearRequests();
    for (int i = 0; i < 12; i++) {
      clock.advance(Duration.ofSeconds(5));
      a.step();
    }
    assertThat(server.requests()).hasSize(12).allMatch(r -> r.method().equals("PUT"));
  }

  @Test
  void identitiesDiffer() {
    assertThat(LeaseLeaderElector.defaultIdentity()).isNotEqualTo(LeaseLeaderElector.defaultIdentity());
  }
}
