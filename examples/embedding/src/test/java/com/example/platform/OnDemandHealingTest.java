package com.example.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.HealerEvent;
import io.healer.fakes.FakeCluster;
import io.healer.fakes.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnDemandHealingTest {

  private final ManualClock clock = new ManualClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final ChangeTicketCloud cloud = new ChangeTicketCloud();
  private final List<HealerEvent> audit = new ArrayList<>();

  @Test
  void oneCycleOnDemandFilesATicketForTheDeadWorkerAndTellsTheAudit() {
    cluster.addMaster("master-1");
    cluster.addWorker("worker-1");
    cluster.addWorker("worker-2");
    cluster.addWorker("worker-3");
    cluster.killKubelet("worker-2");
    clock.advance(Duration.ofMinutes(6)); // longer than the check's unhealthy-duration of 5m

    OnDemandHealing.runOnce("platform-test", cluster, cloud, audit::add, clock);

    assertThat(cloud.tickets()).extracting(ChangeTicketCloud.Ticket::node, ChangeTicketCloud.Ticket::action)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("worker-2", "REBOOT"));
    assertThat(audit).filteredOn(e -> e.type() == HealerEvent.Type.REPAIR_STARTED)
        .extracting(HealerEvent::nodeName)
        .containsExactly("worker-2");
  }

  @Test
  void healthyClusterFilesNoTicket() {
    cluster.addWorker("worker-1");
    clock.advance(Duration.ofMinutes(6));

    OnDemandHealing.runOnce("platform-test", cluster, cloud, audit::add, clock);

    assertThat(cloud.tickets()).isEmpty();
    assertThat(audit).isEmpty();
  }
}
