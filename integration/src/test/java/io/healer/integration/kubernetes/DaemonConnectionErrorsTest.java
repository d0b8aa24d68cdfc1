package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.integration.support.Pki;
import io.healer.integration.support.Ports;
import io.healer.integration.support.Wait;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A daemon whose kubeconfig is wrong says what is wrong within seconds, in one WARN line with the
 * cause, and keeps retrying, alive but not ready: a closed port, a token the API server refuses (as
 * an expired one is), and a CA that did not sign the server's certificate.
 */
@ExtendWith({RealKubernetesExtension.class, DaemonWorldExtension.class})
class DaemonConnectionErrorsTest {

  /** "Within seconds": the first list attempt's failure is reported when it happens. */
  private static final Duration FIRST_ERROR = Duration.ofSeconds(20);

  @Test
  void aKubeconfigThatPointsNowhereIsReportedAsARefusedConnection(DaemonWorld world) {
    Path kubeconfig = RealKubernetes.tokenKubeconfig(world.dir().resolve("nowhere.kubeconfig"),
        "https://127.0.0.1:" + Ports.free(), world.cluster.caPem(), "unused");
    HealerDaemon daemon = start(world, "healer-nowhere", kubeconfig);

    awaitWarning(daemon, "listing and watching nodes fails: ConnectException");
    assertThat(daemon.log()).contains("127.0.0.1");
    // One WARN per attempt, and the attempts back off: the second comes after a wait, and says so.
    Wait.until("a second attempt, backed off", FIRST_ERROR, () -> daemon.log().lines().anyMatch(l -> l.contains(" WARN ")
        && l.contains("listing and watching nodes fails: ConnectException") && l.contains("attempt 2, retrying in 2s")));
  }

  @Test
  void aTokenTheServerRefusesIsReportedAsUnauthorized(DaemonWorld world) {
    Path kubeconfig = RealKubernetes.tokenKubeconfig(world.dir().resolve("refused.kubeconfig"), world.cluster.url(),
        world.cluster.caPem(), "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.c2lnbmF0dXJl");
    HealerDaemon daemon = start(world, "healer-refused-token", kubeconfig);

    awaitWarning(daemon, "listing and watching nodes fails: HTTP 401");
    assertThat(daemon.log()).as("the token is never shown").doesNotContain("c2lnbmF0dXJl");
  }

  @Test
  void aServerWhoseCertificateTheCaDidNotSignIsReportedAsATlsFailure(DaemonWorld world) {
    Pki other = Pki.create(world.dir().resolve("other-ca"), "some-other-ca");
    Path kubeconfig = RealKubernetes.tokenKubeconfig(world.dir().resolve("wrong-ca.kubeconfig"), world.cluster.url(),
        other.pem("ca.crt"), "unused");
    HealerDaemon daemon = start(world, "healer-wrong-ca", kubeconfig);

    awaitWarning(daemon, "listing and watching nodes fails: SSLHandshakeException");
  }

  private static HealerDaemon start(DaemonWorld world, String name, Path kubeconfig) {
    Path config = world.dir().resolve(name + ".yaml");
    DaemonWorld.write(config, world.config(kubeconfig));
    HealerDaemon daemon = HealerDaemon.start(name, config, world.cluster.dir());
    world.adopt(daemon);
    return daemon;
  }

  private static void awaitWarning(HealerDaemon daemon, String text) {
    long started = System.nanoTime();
    Wait.until(daemon.process().name() + " warns: " + text, FIRST_ERROR,
        () -> daemon.log().lines().anyMatch(l -> l.contains(" WARN ") && l.contains(text)));
    System.out.printf("[connection-errors] %s: first clear error after %.1f s%n", daemon.process().name(),
        (System.nanoTime() - started) / 1e9);
    assertThat(daemon.process().isAlive()).as("it keeps retrying, no crash loop").isTrue();
    assertThat(daemon.status("/healthz")).as("alive, so a liveness probe lets it retry").isEqualTo(200);
    assertThat(daemon.status("/readyz")).as("not ready").isEqualTo(503);
  }
}
