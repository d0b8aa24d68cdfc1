package io.healer.core.engine;

import static io.healer.api.embedding.HealerEvent.Type.REPAIR_SKIPPED;
import static io.healer.api.cloud.RepairAction.REBOOT;
import static io.healer.core.engine.StormStatePersistenceTest.actionsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.cloud.RepairResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code max-repairs-per-hour}: a hard ceiling of repairs started in any sliding hour. */
class RepairBudgetTest {

  /** Ten workers, at most two repairs an hour, in-flight limits out of the way. */
  static EngineFixture twoAnHour() {
    return new EngineFixture(c -> c.maxRepairsPerHour(2).maxRepairsInFlight(10).maxRepairsInFlightPerGroup(10))
        .workers(10);
  }

  @Test
  void holdsTheThirdRepairOfTheHourAndLetsItGoWhenTheWindowMoves() {
    EngineFixture f = twoAnHour();
    f.cluster.killKubelet("worker-1");
    f.cluster.killKubelet("worker-2");
    f.runFor(Duration.ofMinutes(5));
    Instant firstRepairs = f.clock.instant();
    assertThat(f.cloud.requests()).hasSize(1);
    assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
    assertThat(actionsOf(f.cloud, "worker-2")).containsExactly(REBOOT);

    f.runFor(Duration.ofMinutes(20));
    f.cluster.killKubelet("worker-3");
    f.runFor(Duration.ofMinutes(34));
    assertThat(actionsOf(f.cloud, "worker-3")).isEmpty();
    assertThat(f.events(REPAIR_SKIPPED, "worker-3")).last().extracting(HealerEvent::message).asString()
        .isEqualTo("2 repairs started in the last hour (max-repairs-per-hour: 2); the next may start at "
            + firstRepairs.plus(Duration.ofHours(1)));
    assertThat(f.engine.nextDue()).contains(firstRepairs.plus(Duration.ofHours(1)));

    f.clock.advance(Duration.between(f.clock.instant(), firstRepairs.plus(Duration.ofHours(1))));
    f.cycle();
    assertThat(actionsOf(f.cloud, "worker-3")).containsExactly(REBOOT);
  }

  @Test
  void admitsNoMoreThanTheCeilingInOneCycle() {
    EngineFixture f = twoAnHour();
    for (int i = 1; i <= 3; i++) {
      f.cluster.killKubelet("worker-" + i);
    }
    f.runFor(Duration.ofMinutes(5));

    assertThat(f.cloud.requests().stream().mapToInt(r -> r.targets().size()).sum()).isEqualTo(2);
    assertThat(f.events(REPAIR_SKIPPED, "worker-3")).last().extracting(HealerEvent::message).asString()
        .isEqualTo("2 repairs started in the last hour (max-repairs-per-hour: 2)");
  }

  @Test
  void aRestartRemembersTheRepairsTheLedgerHolds() {
    EngineFixture f = twoAnHour();
    f.cluster.killKubelet("worker-1");
    f.cluster.killKubelet("worker-2");
    f.runFor(Duration.ofMinutes(5));
    assertThat(f.cloud.requests()).hasSize(1);

    f.cluster.killKubelet("worker-3");
    f.start(); // a new process over the same ledger
    f.runFor(Duration.ofMinutes(10));

    assertThat(actionsOf(f.cloud, "worker-3")).isEmpty();
  }

  @Test
  void aRepairTheCloudTurnedAwayGivesItsPlaceBack() {
    EngineFixture f = twoAnHour();
    f.cloud.answer("worker-1", RepairResult.Status.RETRY_LATER);
    for (int i = 1; i <= 3; i++) {
      f.cluster.killKubelet("worker-" + i);
    }
    f.runFor(Duration.ofMinutes(5));
    // worker-1 and worker-2 were admitted first, and the cloud turned worker-1 away.
    assertThat(f.cloud.requests()).singleElement().satisfies(r -> assertThat(r.targets())
        .extracting(t -> t.node().name()).containsExactly("worker-1", "worker-2"));
    f.cluster.remove("worker-1"); // scaled away: it no longer competes for the place it gave back

    f.runFor(Duration.ofMinutes(1));
    assertThat(actionsOf(f.cloud, "worker-2")).containsExactly(REBOOT);
    assertThat(actionsOf(f.cloud, "worker-3")).containsExactly(REBOOT);
  }

  @Test
  void offByDefault() {
    EngineFixture f = new EngineFixture(c -> c.maxRepairsInFlight(10).maxRepairsInFlightPerGroup(10)).workers(10);
    for (int i = 1; i <= 4; i++) {
      f.cluster.killKubelet("worker-" + i);
    }
    f.runFor(Duration.ofMinutes(5));

    assertThat(f.cloud.requests().stream().mapToInt(r -> r.targets().size()).sum()).isEqualTo(4);
  }
}
