package io.healer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.HealthCheck;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.cloud.RepairAction;
import io.healer.api.config.ConfigException;
import io.healer.api.config.Settings;
import io.healer.core.config.CheckConfig;
import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.PluginRegistry;
import io.healer.fakes.FakeCloud;
import io.healer.fakes.FakeCluster;
import io.healer.fakes.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealerTest {

  private final ManualClock clock = new ManualClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeCloud cloud = FakeCloud.connectedTo(cluster, clock);
  private final AtomicInteger closed = new AtomicInteger();

  /** A Ready check with a close() we can observe. */
  private final HealthCheckFactory readyFactory = new HealthCheckFactory() {
    @Override
    public String type() {
      return "Ready";
    }

    @Override
    public HealthCheck create(Settings settings) {
      settings.requireOnlyKeys(List.of());
      return new HealthCheck() {
        @Override
        public Verdict check(io.healer.api.NodeInfo node, io.healer.api.check.CheckContext context) {
          return node.condition("Ready").filter(c -> !c.isTrue())
              .map(c -> Verdict.unhealthy("Ready is " + c.status()).since(c.lastTransitionTime().orElse(null)))
              .orElse(Verdict.healthy());
        }

        @Override
        public void close() {
          closed.incrementAndGet();
        }
      };
    }
  };

  private PluginRegistry plugins() {
    return PluginRegistry.builder().discover(false).addCheckFactory(readyFactory).build();
  }

  private HealerConfig config() {
    return HealerConfig.builder("embedded")
        .workerChecks(List.of(new CheckConfig("Ready", Duration.ofMinutes(2), Settings.empty())))
        .build();
  }

  @Test
  void createsTheConfiguredChecksThroughThePluginsAndRepairsWithTheGivenProvider() {
    cluster.addWorker("worker-1");
    cluster.addWorker("worker-2");
    cluster.addWorker("worker-3");
    List<HealerEvent> events = new ArrayList<>();
    try (Healer healer = Healer.builder(config()).plugins(plugins()).nodeSource(cluster).cloudProvider(cloud)
        .clock(clock).executor(Runnable::run)
        .listener(new HealerListener() {
          @Override
          public void onEvent(HealerEvent event) {
            events.add(event);
          }
        }).build()) {
      assertThat(healer.checks().get(NodeRole.WORKER)).extracting(c -> c.type()).containsExactly("Ready");

      cluster.killKubelet("worker-2");
      healer.runOnce();
      clock.advance(Duration.ofMinutes(2));
      healer.runOnce();
    }

    assertThat(cloud.repairsOf("worker-2")).extracting(FakeCloud.Repair::action).containsExactly(RepairAction.REBOOT);
    assertThat(events).extracting(HealerEvent::type).contains(HealerEvent.Type.REPAIR_STARTED);
  }

  @Test
  void reportsAnUnknownCheckTypeWithTheTypesThatExist() {
    HealerConfig config = HealerConfig.builder("embedded").workerChecks(List.of(CheckConfig.of("Raedy"))).build();

    assertThatThrownBy(() -> Healer.builder(config).plugins(plugins()).nodeSource(cluster).cloudProvider(cloud).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("healthcheck.worker[0].type")
        .hasMessageContaining("Ready");
  }

  @Test
  void closesItsChecksWhenClosed() {
    Healer healer = Healer.builder(config()).plugins(plugins()).nodeSource(cluster).cloudProvider(cloud).build();

    healer.close();

    assertThat(closed).hasValue(1);
  }

  @Test
  void runsACycleRightAwayAndThenEveryMonitorInterval() {
    List<long[]> scheduled = new ArrayList<>();
    ScheduledThreadPoolExecutor recording = new ScheduledThreadPoolExecutor(1) {
      @Override
      public java.util.concurrent.ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay,
          long delay, java.util.concurrent.TimeUnit unit) {
        scheduled.add(new long[] {unit.toMillis(initialDelay), unit.toMillis(delay)});
        return super.schedule(() -> { }, 0, unit);
      }
    };
    HealerConfig config = config().toBuilder().monitorInterval(Duration.ofSeconds(45)).build();
    try (Healer healer = Healer.builder(config).plugins(plugins()).nodeSource(cluster).cloudProvider(cloud)
        .scheduler(recording).build()) {
      healer.start();
      assertThatThrownBy(healer::start).isInstanceOf(IllegalStateException.class);
    }

    assertThat(scheduled).singleElement().satisfies(s -> assertThat(s).containsExactly(0L, 45_000L));
  }

  /**
   * Records what the healer schedules and runs nothing by itself: the test runs the regular cycle
   * and the extra cycles by hand, on the manual clock.
   */
  private static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
    Runnable regular;
    final List<Long> extraDelays = new ArrayList<>();
    final List<Runnable> extras = new ArrayList<>();
    final List<ScheduledFuture<?>> extraFutures = new ArrayList<>();

    RecordingScheduler() {
      super(1);
      // The placeholders below must not keep close() waiting.
      setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
      regular = command;
      return never();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      extraDelays.add(unit.toMillis(delay));
      extras.add(command);
      ScheduledFuture<?> future = never();
      extraFutures.add(future);
      return future;
    }

    /** A real future that stays pending (and can be cancelled) for as long as a test runs. */
    private ScheduledFuture<?> never() {
      return super.schedule(() -> { }, 1, TimeUnit.DAYS);
    }
  }

  @Test
  void runsAnExtraCycleWhenAFailureComesDueBeforeTheNextRegularCycle() {
    RecordingScheduler scheduler = new RecordingScheduler();
    cluster.addWorker("worker-1");
    cluster.addWorker("worker-2");
    cluster.addWorker("worker-3");
    HealerConfig config = config().toBuilder().monitorInterval(Duration.ofSeconds(60)).build();
    Instant t0 = clock.instant();
    try (Healer healer = Healer.builder(config).plugins(plugins()).nodeSource(cluster).cloudProvider(cloud)
        .clock(clock).executor(Runnable::run).scheduler(scheduler).build()) {
      healer.start();
      scheduler.regular.run();                       // t0: all healthy
      assertThat(scheduler.extras).as("nothing is tracked").isEmpty();

      clock.advance(Duration.ofSeconds(30));
      cluster.killKubelet("worker-2");               // due at t0 + 30 s + 2 min
      clock.advance(Duration.ofSeconds(30));
      scheduler.regular.run();                       // t0 + 60 s: due after the next regular cycle
      assertThat(scheduler.extras).isEmpty();

      clock.advance(Duration.ofSeconds(60));
      scheduler.regular.run();                       // t0 + 120 s: due 30 s before the next regular cycle
      assertThat(scheduler.extraDelays).containsExactly(30_000L);
      assertThat(cloud.repairs()).isEmpty();

      clock.advance(Duration.ofSeconds(30));
      scheduler.extras.get(0).run();                 // t0 + 150 s
      assertThat(cloud.repairsOf("worker-2")).singleElement()
          .satisfies(r -> assertThat(r.action()).isEqualTo(RepairAction.REBOOT));
      assertThat(cloud.requests()).singleElement()
          .satisfies(r -> assertThat(r.requestedAt()).isEqualTo(t0.plusSeconds(150)));
      // The reboot's time to recover (5 min) ends after the next regular cycle: no further extra.
      assertThat(scheduler.extras).hasSize(1);
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void cycleNowRunsACycleAtOnceAndNothingBeforeStartOrAfterClose() {
    RecordingScheduler scheduler = new RecordingScheduler();
    cluster.addWorker("worker-1");
    HealerConfig config = config().toBuilder().monitorInterval(Duration.ofSeconds(60)).build();
    try (Healer healer = Healer.builder(config).plugins(plugins()).nodeSource(cluster).cloudProvider(cloud)
        .clock(clock).executor(Runnable::run).scheduler(scheduler).build()) {
      healer.cycleNow();
      assertThat(scheduler.extras).as("not started: nothing scheduled").isEmpty();

      healer.start();
      scheduler.regular.run();
      clock.advance(Duration.ofSeconds(20));
      cluster.killKubelet("worker-1");
      clock.advance(Duration.ofMinutes(3));          // due (2 min), the next regular cycle 37 s away
      healer.cycleNow();                             // as when this instance has just become the leader
      assertThat(scheduler.extraDelays).as("a cycle at once").containsExactly(0L);
      scheduler.extras.get(0).run();
      assertThat(cloud.repairsOf("worker-1")).singleElement()
          .satisfies(r -> assertThat(r.action()).isEqualTo(RepairAction.REBOOT));

      healer.close();
      healer.cycleNow();
      assertThat(scheduler.extraDelays).as("closed: nothing more").hasSize(1);
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void anExtraCycleSchedulesTheNextOneButAnOnDemandCycleDoesNot() {
    RecordingScheduler scheduler = new RecordingScheduler();
    cluster.addWorker("worker-1");
    cluster.addWorker("worker-2");
    cluster.addWorker("worker-3");
    HealerConfig config = HealerConfig.builder("embedded").monitorInterval(Duration.ofMinutes(10))
        .maxUnhealthyWorkers(io.healer.core.config.UnhealthyLimit.count(3))
        .workerChecks(List.of(new CheckConfig("Ready", Duration.ofMinutes(5), Settings.empty())))
        .build();
    try (Healer healer = Healer.builder(config).plugins(plugins()).nodeSource(cluster).cloudProvider(cloud)
        .clock(clock).executor(Runnable::run).scheduler(scheduler).build()) {
      cluster.killKubelet("worker-1");               // due in 5 min
      healer.start();
      scheduler.regular.run();
      assertThat(scheduler.extraDelays).containsExactly(300_000L);

      clock.advance(Duration.ofMinutes(1));
      cluster.killKubelet("worker-2");               // due in 5 min, later than worker-1
      healer.runOnce();                              // an on-demand cycle does not schedule
      assertThat(scheduler.extraDelays).hasSize(1);

      clock.advance(Duration.ofMinutes(4));
      scheduler.extras.get(0).run();                 // worker-1 is rebooted; worker-2 is due in 1 min
      assertThat(cloud.repairsOf("worker-1")).hasSize(1);
      assertThat(scheduler.extraDelays).containsExactly(300_000L, 60_000L);

      healer.close();
      assertThat(scheduler.extraFutures.get(1).isCancelled()).as("close() drops the pending extra cycle").isTrue();
    } finally {
      scheduler.shutdownNow();
    }
  }
}
