package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.healer.integration.support.Wait;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two daemons on the Go healer's Lease (kube-system/magnum-auto-healer, 20 s / 15 s / 5 s), on the
 * real API server: a killed leader is replaced once its Lease runs out, a stopped one hands over at
 * once, and the Lease looks as a client-go elector leaves it.
 */
@ExtendWith({RealKubernetesExtension.class, DaemonWorldExtension.class})
class LeaderElectionTest {

  private static final Duration LEASE_DURATION = Duration.ofSeconds(20);
  private static final Duration RETRY_PERIOD = Duration.ofSeconds(5);
  /** Process and scheduling delays on a loaded 2-core machine. */
  private static final Duration SLACK = Duration.ofSeconds(4);

  @Test
  void aKilledLeaderIsReplacedWithinTheLeaseDurationAndAStoppedOneHandsOverAtOnce(DaemonWorld world) {
    world.applyAccess(UnaryOperator.identity());
    HealerDaemon first = world.startDaemon("healer-a");
    first.awaitReady(Duration.ofSeconds(60));
    String a = first.identity();
    Wait.until("healer-a leads", Duration.ofSeconds(30), () -> world.leaseHolder().equals(Optional.of(a)));
    HealerDaemon second = world.startDaemon("healer-b");
    second.awaitReady(Duration.ofSeconds(60));
    String b = second.identity();
    assertThat(world.leaseHolder()).as("a follower does not take a live Lease").contains(a);
    int transitions = leaseSpec(world).get("leaseTransitions").getAsInt();

    long killed = System.nanoTime();
    first.process().kill();
    Wait.until("healer-b takes over the Lease of the killed leader", LEASE_DURATION.plus(RETRY_PERIOD).plus(SLACK),
        () -> world.leaseHolder().equals(Optional.of(b)));
    Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
    System.out.printf("[leader-election] kill -9 of the leader: the follower led after %.1f s%n", takeover.toMillis() / 1e3);
    assertThat(takeover).as("not before the Lease ran out").isGreaterThanOrEqualTo(LEASE_DURATION.minus(RETRY_PERIOD));
    assertThat(leaseSpec(world).get("leaseTransitions").getAsInt()).isEqualTo(transitions + 1);

    HealerDaemon third = world.startDaemon("healer-c");
    third.awaitReady(Duration.ofSeconds(60));
    String c = third.identity();
    long stopped = System.nanoTime();
    second.close();
    assertThat(second.process().isAlive()).isFalse();
    Wait.until("healer-c takes over from the SIGTERMed leader", RETRY_PERIOD.plus(SLACK),
        () -> world.leaseHolder().equals(Optional.of(c)));
    System.out.printf("[leader-election] SIGTERM of the leader: the follower led after %.1f s%n",
        (System.nanoTime() - stopped) / 1e9);
    assertThat(second.log()).contains("released Lease kube-system/magnum-auto-healer");
  }

  @Test
  void theLeaseCarriesExactlyTheFieldsOfAClientGoElector(DaemonWorld world) {
    world.applyAccess(UnaryOperator.identity());
    HealerDaemon daemon = world.startDaemon("healer-fields");
    daemon.awaitReady(Duration.ofSeconds(60));
    String id = daemon.identity();
    Wait.until("it leads", Duration.ofSeconds(30), () -> world.leaseHolder().equals(Optional.of(id)));

    JsonObject spec = leaseSpec(world);
    assertThat(spec.keySet()).containsExactlyInAnyOrder("holderIdentity", "leaseDurationSeconds", "acquireTime",
        "renewTime", "leaseTransitions");
    assertThat(spec.get("leaseDurationSeconds").getAsInt()).isEqualTo(20);
    // MicroTime, as client-go writes it: six fraction digits.
    assertThat(spec.get("renewTime").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    String yaml = world.cluster.kubectlOk("-n", "kube-system", "get", "lease", "magnum-auto-healer", "-o", "yaml");
    assertThat(yaml).contains("holderIdentity: " + id).contains("leaseDurationSeconds: 20").contains("acquireTime:")
        .contains("renewTime:").contains("leaseTransitions:");
    String renewed = spec.get("renewTime").getAsString();
    Wait.until("the leader renews every retry period", RETRY_PERIOD.plus(SLACK),
        () -> !leaseSpec(world).get("renewTime").getAsString().equals(renewed));
  }

  private static JsonObject leaseSpec(DaemonWorld world) {
    return world.cluster.rest().get(DaemonWorld.LEASE).orThrow().getAsJsonObject("spec");
  }
}
