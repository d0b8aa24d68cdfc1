package io.healer.integration.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.integration.support.Pki;
import io.healer.integration.support.StallingProxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real Keystone behind TLS, as a TLS-terminating load balancer puts it: a certificate for
 * 127.0.0.1 from a CA of the test's own (openssl), which no system trust store holds. clouds.yaml's
 * {@code cacert} is what makes the login work.
 */
@ExtendWith(RealOpenStackExtension.class)
@DisplayName("Keystone behind TLS with a private CA")
class KeystoneTlsTest {

  private static Pki pki;
  private static StallingProxy tls;

  @BeforeAll
  static void tls(RealOpenStack openstack) {
    pki = Pki.create(openstack.dir().resolve("keystone-tls"), "healer-test-ca");
    pki.server("keystone");
    tls = StallingProxy.terminatingTls(openstack.keystone().port(), pki.serverContext("keystone"));
  }

  @AfterAll
  static void stop() {
    if (tls != null) {
      tls.close();
    }
  }

  private static String cloud(RealOpenStack openstack, String extra) {
    return extra
        + "auth:\n"
        + "  auth_url: https://127.0.0.1:" + tls.port() + "/v3\n"
        + "  user_id: " + openstack.identity().userId() + "\n"
        + "  password: " + openstack.identity().password() + "\n"
        + "  project_id: " + openstack.identity().projectId() + "\n";
  }

  @Test
  @DisplayName("clouds.yaml with cacert: the provider logs in over TLS and reads the cluster")
  void withCaFile(RealOpenStack openstack) {
    openstack.awaitQuiet();
    Map<String, Object> block = KeystoneAuthTest.clouds(openstack, cloud(openstack, "cacert: " + pki.ca() + "\n"));
    int before = tls.connections().size();
    assertThat(openstack.provider(RealOpenStack.CLUSTER, block).clusterStatus().status())
        .isEqualTo(ClusterStatus.Status.READY);
    assertThat(tls.connections()).hasSizeGreaterThan(before);
  }

  @Test
  @DisplayName("without cacert: UNKNOWN naming TLS and Keystone's host, and a repair is refused with nothing sent")
  void withoutCaFile(RealOpenStack openstack) {
    openstack.awaitQuiet();
    Map<String, Object> block = KeystoneAuthTest.clouds(openstack, cloud(openstack, ""));
    var provider = openstack.provider(RealOpenStack.CLUSTER, block);
    ClusterStatus status = provider.clusterStatus();
    assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
    assertThat(status.reason()).contains("TLS", "https://127.0.0.1:" + tls.port(), "ca-file")
        .doesNotContain(openstack.identity().password());

    String server = openstack.serverIds("kube_minions").get(0);
    int calls = openstack.nova().calls().size();
    RepairResult reboot = provider.repair(new RepairRequest(List.of(new RepairTarget(
        openstack.worker("worker-tls", server, "default-worker"), RepairAction.REBOOT, "tls test", 1)),
        Instant.now())).get(0);
    assertThat(reboot.status()).isEqualTo(RepairResult.Status.FAILED);
    assertThat(reboot.reason()).contains("TLS");
    assertThat(openstack.nova().calls()).hasSize(calls);
  }
}
