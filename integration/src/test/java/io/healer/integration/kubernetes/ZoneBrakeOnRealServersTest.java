package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.integration.support.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zone brake ({@code max-unhealthy-per-zone}, 50 % by default) on the real Kubernetes API: the
 * failure domain is the {@code topology.kubernetes.io/zone} label of the Node as the API server
 * stores it, and the failures are the real node-lifecycle controller's marks. Three of zone
 * eu-1a's four workers going silent at once is an outage of that zone, held; one of zone eu-1b's
 * three, at the same time, is a broken machine, repaired.
 */
@ExtendWith(RealKubernetesExtension.class)
class ZoneBrakeOnRealServersTest {

  private static final String ZONE = "topology.kubernetes.io/zone";

  private final RealKubernetes cluster;
  private DaemonWorld world;

  @TempDir
  Path dir;

  ZoneBrakeOnRealServersTest(RealKubernetes cluster) {
    this.cluster = cluster;
  }

  @AfterEach
  void stop() {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void anOutageOfOneZoneIsHeldWhileABrokenWorkerInAnotherZoneIsRepaired() {
    world = new DaemonWorld(cluster, dir, 7);
    cluster.kubectlOk("label", "node", "master-0", ZONE + "=eu-1c");
    for (int i = 0; i < 7; i++) {
      cluster.kubectlOk("label", "node", "worker-" + i, ZONE + "=" + (i < 4 ? "eu-1a" : "eu-1b"));
    }
    // Four of seven workers fail: the storm guard (40 %) would hold them all first, and the second
    // opinion would call three silent nodes of one zone a partition; here the zone brake decides alone.
    world.extraConfig("max-unhealthy-workers: 100%\nsecond-opinion: false\n");
    world.applyAccess(s -> s);
    HealerDaemon daemon = world.startLeader("healer-zones");

    List<String> zoneOutage = List.of("worker-0", "worker-1", "worker-2");
    zoneOutage.forEach(world.kubelets::stopHeartbeat);
    world.kubelets.stopHeartbeat("worker-4");

    Wait.until("healer reboots worker-4, alone in its zone", Duration.ofSeconds(90), () -> world.reboots(4) == 1);
    for (String node : zoneOutage) {
      Wait.until("healer holds " + node + "'s repair and says why in an Event", Duration.ofSeconds(60),
          () -> world.eventMessages(node, "RepairSkipped").stream().anyMatch(
              m -> m.contains("zone eu-1a: 3 of 4") && m.contains("likely zone outage")));
    }
    for (int i = 0; i < 4; i++) {
      assertThat(world.changesTo(i)).as("requests that changed worker-%d's server (zone eu-1a)", i).isEmpty();
    }
    assertThat(world.changesTo(5)).as("worker-5, healthy").isEmpty();
    assertThat(world.changesTo(6)).as("worker-6, healthy").isEmpty();
    assertThat(daemon.log()).as("the cycle names the held zone").contains("zone eu-1a");
  }
}
