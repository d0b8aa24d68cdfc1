package io.healer.integration.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.healer.api.NodeRole;
import io.healer.api.cloud.ClusterHealth;
import io.healer.api.cloud.ClusterStatus;
import io.healer.integration.support.Wait;
import io.healer.provider.magnum.MagnumCloudProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the provider reads from and reports to the real Magnum 15. */
@ExtendWith(RealOpenStackExtension.class)
@DisplayName("Magnum: the provider reads and reports the real cluster")
class MagnumClusterTest {

  @Test
  @DisplayName("a cluster without auto_healing_enabled=true is not healed, and says which label")
  void healingLabel(RealOpenStack openstack) {
    MagnumCloudProvider provider = openstack.provider(RealOpenStack.CLUSTER, openstack.passwordByIds());
    assertThat(provider.clusterStatus().status()).isEqualTo(ClusterStatus.Status.READY);
    String labels = "labels = '{\"auto_healing_enabled\": \"false\", \"auto_healing_controller\": \"magnum-auto-healer\"}'";
    String restore = "labels = '{\"auto_healing_enabled\": \"true\", \"auto_healing_controller\": \"magnum-auto-healer\"}'";
    try {
      openstack.db().sql("UPDATE magnum.cluster SET " + labels + " WHERE name = '" + RealOpenStack.CLUSTER + "';");
      ClusterStatus status = provider.clusterStatus();
      assertThat(status.status()).isEqualTo(ClusterStatus.Status.HEALING_DISABLED);
      assertThat(status.reason()).contains("auto_healing_enabled").contains("false");
    } finally {
      openstack.db().sql("UPDATE magnum.cluster SET " + restore + " WHERE name = '" + RealOpenStack.CLUSTER + "';");
    }
  }

  @Test
  @DisplayName("a cluster whose Heat stack is gone is UNKNOWN with Heat's own error text")
  void lostStack(RealOpenStack openstack) {
    ClusterStatus status = openstack.provider(RealOpenStack.LOST_STACK_CLUSTER, openstack.passwordByIds())
        .clusterStatus();
    assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
    // Heat's body: {"title": "Not Found", "error": {"message": "The Stack (...) could not be found.", ...}}
    assertThat(status.reason()).contains("404").contains("could not be found");
  }

  @Test
  @DisplayName("a health report the conductor dropped (cluster not *_COMPLETE) is sent again once it is")
  void healthReportToABusyCluster(RealOpenStack openstack) {
    openstack.awaitQuiet();
    String settled = openstack.cluster().path("status").asText();
    MagnumCloudProvider provider = openstack.provider(RealOpenStack.CLUSTER, openstack.passwordByIds());
    ClusterHealth health = new ClusterHealth(List.of(new ClusterHealth.UnhealthyNode("worker-8", NodeRole.WORKER,
        "NodeCondition", "Ready is Unknown", Instant.now().truncatedTo(ChronoUnit.SECONDS))), Instant.now());
    String where = " WHERE name = '" + RealOpenStack.CLUSTER + "';";
    try {
      // UPDATE_FAILED: not *_COMPLETE for the conductor, and not polled by its status sync.
      openstack.db().sql("UPDATE magnum.cluster SET status = 'UPDATE_FAILED'" + where);
      assertThat(provider.clusterStatus().status()).isEqualTo(ClusterStatus.Status.BUSY);
      provider.reportClusterHealth(health);
      // The API said 202; the conductor refused it.
      Wait.until("the conductor refuses the update of an UPDATE_FAILED cluster", Duration.ofSeconds(60),
          () -> openstack.conductorLog().contains("Updating a cluster when status is \"UPDATE_FAILED\""));
      assertThat(openstack.cluster().path("health_status_reason").path("worker-8.NodeCondition").isMissingNode())
          .isTrue();
    } finally {
      openstack.db().sql("UPDATE magnum.cluster SET status = '" + settled + "'" + where);
    }
    assertThat(provider.clusterStatus().status()).isEqualTo(ClusterStatus.Status.READY);
    provider.reportClusterHealth(health);
    Wait.until("the same report, sent again, is applied", Duration.ofSeconds(60), () -> openstack.cluster()
        .path("health_status_reason").path("worker-8.NodeCondition").asText().equals("worker unhealthy since "
            + health.unhealthyNodes().get(0).since() + ": Ready is Unknown"));
  }

  @Test
  @DisplayName("a health report is applied by the real conductor and read back as a dict")
  void healthReport(RealOpenStack openstack) {
    openstack.awaitQuiet();
    MagnumCloudProvider provider = openstack.provider(RealOpenStack.CLUSTER, openstack.passwordByIds());
    Instant since = Instant.now().minus(Duration.ofMinutes(7)).truncatedTo(ChronoUnit.SECONDS);
    provider.reportClusterHealth(new ClusterHealth(List.of(new ClusterHealth.UnhealthyNode("worker-7",
        NodeRole.WORKER, "NodeCondition", "Ready is False: kubelet stopped posting", since)), Instant.now()));

    JsonNode cluster = Wait.value("the conductor applied the health report", Duration.ofSeconds(60), () -> {
      JsonNode c = openstack.cluster();
      return c.path("health_status").asText().equals("UNHEALTHY") ? java.util.Optional.of(c)
          : java.util.Optional.empty();
    });
    JsonNode reason = cluster.path("health_status_reason");
    assertThat(reason.isObject()).as("health_status_reason is %s", reason).isTrue();
    assertThat(reason.path("worker-7.NodeCondition").asText())
        .isEqualTo("worker unhealthy since " + since + ": Ready is False: kubelet stopped posting");
    assertThat(reason.path("updated_at").asText()).isNotEmpty();
  }
}
