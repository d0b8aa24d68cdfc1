package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.integration.support.Wait;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The daemon with one rule of the manifest's RBAC taken away, as a hand-edited Role would leave it:
 * it says which permission it lacks, keeps running (no crash loop) and repairs nothing.
 */
@ExtendWith({RealKubernetesExtension.class, DaemonWorldExtension.class})
class DaemonPermissionsTest {

  @Test
  void withoutPatchOnNodesNoRecordCanBeWrittenSoNothingIsRepairedAndTheLogNamesTheMissingPermission(DaemonWorld world) {
    world.applyAccess(doc -> doc.replace("verbs: [\"get\", \"list\", \"watch\", \"patch\"]",
        "verbs: [\"get\", \"list\", \"watch\"]"));
    HealerDaemon daemon = world.startLeader("healer-no-patch");

    world.kubelets.stopHeartbeat("worker-1");
    Wait.until("the daemon reports that it may not patch nodes", Duration.ofSeconds(90),
        () -> daemon.log().contains("cannot patch resource \"nodes\""));

    assertThat(world.reboots(1)).as("no record, no repair").isZero();
    assertThat(daemon.process().isAlive()).as("no crash loop").isTrue();
    assertThat(daemon.status("/healthz")).isEqualTo(200);
  }

  @Test
  void withoutUpdateOnLeasesItNeverLeadsAndSaysWhyAtWarnAndInReadiness(DaemonWorld world) {
    world.applyAccess(doc -> doc.replace("verbs: [\"get\", \"update\"]", "verbs: [\"get\"]"));
    HealerDaemon first = world.startDaemon("healer-leader");
    first.awaitReady(Duration.ofSeconds(60));
    // The first daemon creates the Lease (create is allowed); a second one must update it to take over.
    String holder = Wait.value("the first daemon creates and holds the Lease", Duration.ofSeconds(30), world::leaseHolder);
    first.close();
    HealerDaemon second = world.startDaemon("healer-follower");

    Wait.until("the follower warns that it may not update the Lease", Duration.ofSeconds(90),
        () -> second.log().contains("WARN") && second.log().contains("cannot update resource \"leases\""));
    assertThat(world.leaseHolder()).as("nobody else took it").contains(holder);
    assertThat(second.status("/readyz")).as("not ready: it can never lead").isEqualTo(503);
  }
}
