package io.healer.core.engine;

import static io.healer.api.embedding.HealerEvent.Type.REPAIR_SKIPPED;
import static io.healer.api.cloud.RepairAction.REBOOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.HealerEvent;
import io.healer.fakes.FakeCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The storm guard's state outlives a process and passes to the next leader. */
class StormStatePersistenceTest {

  static final Duration COOLDOWN = Duration.ofMinutes(10);

  /** Four workers, all four NotReady for ten minutes. */
  static EngineFixture inAStormOfFourWorkers() {
    EngineFixture f = new EngineFixture(c -> c.stormCooldown(COOLDOWN)).workers(4);
    for (int i = 1; i <= 4; i++) {
      f.cluster.killKubelet("worker-" + i);
    }
    f.runFor(Duration.ofMinutes(10));
    return f;
  }

  /** Then three come back and one stays dead. */
  static void threeComeBack(EngineFixture f) {
    f.cluster.revive("worker-1");
    f.cluster.revive("worker-2");
    f.cluster.revive("worker-3");
  }

  static EngineFixture afterAStormOfFourWorkers() {
    EngineFixture f = inAStormOfFourWorkers();
    threeComeBack(f);
    return f;
  }

  static List<io.healer.api.cloud.RepairAction> actionsOf(FakeCloud cloud, String node) {
    return cloud.repairsOf(node).stream().map(FakeCloud.Repair::action).toList();
  }

  @Test
  void aRestartDuringTheCoolDownWaitsForTheRestOfIt() {
    EngineFixture f = afterAStormOfFourWorkers();
    Instant stormEnded = f.clock.instant();
    f.runFor(Duration.ofMinutes(3));
    assertThat(f.stormStore.load()).contains(StormState.coolingDown(stormEnded));

    f.start(); // a new process: nothing in memory, the same ledger and storm state store
    f.runFor(Duration.ofMinutes(6));
    assertThat(f.cloud.requests()).isEmpty();
    assertThat(f.events(REPAIR_SKIPPED, "worker-4")).last().extracting(HealerEvent::message).asString()
        .contains("cooling down after a storm until " + stormEnded.plus(COOLDOWN));

    f.runFor(Duration.ofMinutes(1));
    assertThat(actionsOf(f.cloud, "worker-4")).containsExactly(REBOOT);
    assertThat(f.stormStore.load()).contains(StormState.calm());
  }

  @Test
  void aRestartDuringTheStormWaitsForAFullCoolDownOnceItEnds() {
    EngineFixture f = inAStormOfFourWorkers();
    // The process dies; while it is away, three workers come back.
    threeComeBack(f);
    f.clock.advance(Duration.ofMinutes(5));

    f.start();
    f.runFor(Duration.ofMinutes(9));
    assertThat(f.cloud.requests()).as("the storm's end is unknown: the cool-down counts from the first calm cycle")
        .isEmpty();
    f.runFor(Duration.ofMinutes(1));
    assertThat(actionsOf(f.cloud, "worker-4")).containsExactly(REBOOT);
  }

  @Test
  void aNewLeaderThatNeverSawTheStormKeepsItsPredecessorsCoolDown() {
    EngineFixture f = afterAStormOfFourWorkers();
    f.runFor(Duration.ofMinutes(3));
    AtomicBoolean secondLeads = new AtomicBoolean();
    f.leadership = () -> !secondLeads.get();
    HealingEngine first = f.engine;

    // A second replica starts now, as a follower, and takes the lease a cycle later.
    HealingEngine second = HealingEngine.builder(f.config).checks(f.checks).nodeSource(f.cluster)
        .cloudProvider(f.cloud).clock(f.clock).ledger(f.ledger).stormStateStore(f.stormStore)
        .executor(Runnable::run).leadership(secondLeads::get).build();
    second.runCycle();
    secondLeads.set(true);
    for (int minute = 4; minute < 10; minute++) {
      f.clock.advance(EngineFixture.INTERVAL);
      first.runCycle();
      second.runCycle();
    }
    assertThat(f.cloud.requests()).isEmpty();

    f.clock.advance(EngineFixture.INTERVAL);
    second.runCycle();
    assertThat(actionsOf(f.cloud, "worker-4")).containsExactly(REBOOT);
  }

  @Test
  void aStateThatCannotBeReadCoolsDownFromTheStart() {
    EngineFixture f = new EngineFixture(c -> c.stormCooldown(Duration.ofMinutes(20))).workers(4);
    f.stormStore = new StormStateStore() {
      @Override
      public Optional<StormState> load() {
        throw new IllegalStateException("could not read the ConfigMap kube-system/healer-control: HTTP 503");
      }

      @Override
      public void save(StormState state) {}
    };
    f.cluster.killKubelet("worker-1");

    f.runFor(Duration.ofMinutes(19));
    assertThat(f.cloud.requests()).isEmpty();
    assertThat(f.events(REPAIR_SKIPPED, "worker-1")).last().extracting(HealerEvent::message).asString()
        .contains("cooling down");
    f.runFor(Duration.ofMinutes(1));
    assertThat(actionsOf(f.cloud, "worker-1")).containsExactly(REBOOT);
  }

  @Test
  void aFailedWriteIsTriedAgainNextCycle() {
    RecordingStore store = new RecordingStore();
    store.failures = 1;
    EngineFixture f = new EngineFixture().workers(4);
    f.stormStore = store;
    Instant start = f.clock.instant();
    for (int i = 1; i <= 3; i++) {
      f.cluster.killKubelet("worker-" + i);
    }

    f.runFor(Duration.ofMinutes(2));

    assertThat(store.attempts).isEqualTo(2);
    assertThat(store.load()).contains(StormState.storming(start));
  }

  @Test
  void followersAndDryRunsNeverWriteTheState() {
    RecordingStore store = new RecordingStore();
    EngineFixture follower = new EngineFixture().workers(4);
    follower.stormStore = store;
    follower.leadership = () -> false;
    EngineFixture dryRun = new EngineFixture(c -> c.dryRun(true)).workers(4);
    dryRun.stormStore = store;
    for (int i = 1; i <= 3; i++) {
      follower.cluster.killKubelet("worker-" + i);
      dryRun.cluster.killKubelet("worker-" + i);
    }

    follower.runFor(Duration.ofMinutes(5));
    dryRun.runFor(Duration.ofMinutes(5));

    assertThat(store.attempts).isZero();
    assertThat(dryRun.events(REPAIR_SKIPPED, "worker-1")).extracting(HealerEvent::message).first().asString()
        .startsWith("storm guard");
  }

  /** Counts writes; fails the first {@link #failures} of them. */
  static final class RecordingStore implements StormStateStore {
    final List<StormState> saved = new ArrayList<>();
    int attempts;
    int failures;

    @Override
    public Optional<StormState> load() {
      return saved.isEmpty() ? Optional.empty() : Optional.of(saved.get(saved.size() - 1));
    }

    @Override
    public void save(StormState state) {
      attempts++;
      if (failures > 0) {
        failures--;
        throw new IllegalStateException("HTTP 503");
      }
      saved.add(state);
    }
  }
}
