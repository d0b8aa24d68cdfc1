package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.integration.support.Wait;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The daemon jar as an operator runs it, against the real control plane: authenticated as the
 * manifest's ServiceAccount with exactly the manifest's RBAC, repairing through the Magnum provider
 * (Nova as the testkit's API-exact stand-in). The kubelet's death is noticed by the real
 * node-lifecycle controller, not by the test.
 */
@ExtendWith({RealKubernetesExtension.class, DaemonWorldExtension.class})
class DaemonRepairTest {

  @Test
  void aWorkerWhoseKubeletStopsIsMarkedByTheControllerRebootedAndRecoversWithoutAForbiddenRequest(DaemonWorld world) {
    world.applyAccess(UnaryOperator.identity());
    HealerDaemon daemon = world.startDaemon("healer-daemon");
    daemon.awaitReady(Duration.ofSeconds(60));
    String leader = Wait.value("the daemon takes the Lease kube-system/magnum-auto-healer", Duration.ofSeconds(30),
        world::leaseHolder);
    assertThat(daemon.log()).as("the daemon names its identity").contains(leader);

    world.kubelets.stopHeartbeat("worker-1");
    Wait.until("the node-lifecycle controller marks worker-1 Ready=Unknown", Duration.ofSeconds(40),
        () -> world.kubelets.condition("worker-1", "Ready").equals("Unknown"));
    Wait.until("healer reboots worker-1's server through Nova", Duration.ofSeconds(90), () -> world.reboots(1) == 1);

    assertThat(world.annotation("worker-1", "healer.io/repair-action")).as("the repair record, on the Node")
        .isEqualTo("reboot");
    assertThat(world.reboots(0)).as("the healthy worker").isZero();
    Wait.until("a RepairStarted Event on worker-1", Duration.ofSeconds(30),
        () -> world.eventReasons("worker-1").contains("RepairStarted"));

    world.kubelets.resumeHeartbeat("worker-1");
    Wait.until("healer sees worker-1 recover", Duration.ofSeconds(60),
        () -> world.eventReasons("worker-1").contains("NodeRecovered"));
    assertThat(world.reboots(1)).as("one repair for one failure").isEqualTo(1);

    // 403 as a status code, not the milliseconds of a timestamp (".403Z") or part of a port number.
    assertThat(daemon.log()).as("the daemon's log")
        .doesNotContainPattern("(?<![.\\d])403(?!\\d)")
        .doesNotContain("Forbidden");
    assertThat(world.forbiddenRequestsOfHealer()).as("requests of %s the API server refused", DaemonWorld.HEALER_USER)
        .isEmpty();
  }
}
