package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A requested stop, as Kubernetes asks for it: SIGTERM to a daemon that runs against the real API
 * server (caches synced, Lease held) exits 0, as the daemon README promises, within the pod's grace
 * period, and quietly: no stack trace, none of the informers' InterruptedExceptions.
 */
@ExtendWith({RealKubernetesExtension.class, DaemonWorldExtension.class})
class DaemonStopTest {

  /** The manifest's terminationGracePeriodSeconds: after it the kubelet kills the pod. */
  private static final Duration GRACE = Duration.ofSeconds(60);

  @Test
  void sigtermExitsZeroQuietlyAndReleasesTheLease(DaemonWorld world) {
    world.applyAccess(UnaryOperator.identity());
    HealerDaemon daemon = world.startDaemon("healer-stop");
    daemon.awaitReady(Duration.ofSeconds(60));
    String identity = daemon.identity();

    long started = System.nanoTime();
    assertThat(daemon.process().terminate(GRACE.toSeconds())).as("ends within the grace period").isTrue();
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("[stop] SIGTERM to exit: %.1f s, exit code %d%n", seconds, daemon.process().exitCode());

    assertThat(daemon.process().exitCode()).as(daemon.process().tail(30)).isZero();
    assertThat(daemon.log()).contains("stop requested").contains("stopped")
        .doesNotContain("InterruptedException").doesNotContain("\tat ");
    assertThat(world.leaseHolder()).as("the Lease is released for a follower").isNotEqualTo(java.util.Optional.of(identity));
  }
}
