package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.cloud.RepairAction;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RunCommandTest {

  private static final String CONFIG = Resources.path("/config/fake-cluster.yaml");

  private final FakeConnector fake = new FakeConnector();
  private final AtomicReference<Daemon> daemon = new AtomicReference<>();
  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicInteger exitCode = new AtomicInteger(-1);
  /** Set by a test that runs the daemon's cycles itself; the real schedule otherwise. */
  private ManualScheduler cycles;

  @Test
  void repairsAKilledWorkerAndShowsItInMetrics() throws Exception {
    fake.cluster.killKubelet("worker-2");
    fake.clock.advance(Duration.ofMinutes(5));

    cycles = new ManualScheduler();
    Thread run = start("run", "--config", CONFIG, "--port", "0", "--bind-address", "127.0.0.1");
    // The kubelet died before healer watched: it must be seen NotReady for the whole
    // unhealthy-duration (1m) first. After the first cycle, a minute passes on healer's clock.
    int port = daemon.get().port();
    cycles.runCycle();
    assertThat(fake.cloud.repairs()).isEmpty();
    fake.clock.advance(Duration.ofMinutes(1));
    cycles.runCycle();
    assertThat(fake.repairRequested.getCount()).as("a repair started").isZero();

    assertThat(fake.cloud.repairs()).singleElement().satisfies(r -> {
      assertThat(r.nodeName()).isEqualTo("worker-2");
      assertThat(r.action()).isEqualTo(RepairAction.REBOOT);
    });
    String metrics = Http.get(port, "/metrics").body();
    assertThat(metrics)
        .contains("healer_repairs_total{action=\"reboot\",outcome=\"started\",role=\"worker\"} 1.0")
        .contains("healer_checks_total{check=\"NodeCondition\",role=\"worker\",verdict=\"unhealthy\"} 2.0")
        .contains("healer_checks_total{check=\"Endpoint\",role=\"master\",verdict=\"unknown\"} 6.0")
        .contains("healer_unhealthy_nodes{role=\"worker\"} 1.0")
        .contains("healer_leader 1.0")
        .contains("healer_cycle_seconds_count 2");

    stop(run);
    cycles.shutdownNow();
  }

  @Test
  void theGoManifestsArgumentsRunTheDaemon() throws Exception {
    Thread run = start("/bin/magnum-auto-healer", "--config=" + CONFIG, "--v", "2", "--port=0",
        "--bind-address=127.0.0.1");

    assertThat(Http.get(daemon.get().port(), "/healthz").statusCode()).isEqualTo(200);
    stop(run);
  }

  @Test
  void isReadyWhenTheConnectionIsAndNotOnceStopping() throws Exception {
    fake.ready.set(false);
    Thread run = start("run", "--config", CONFIG, "--port", "0", "--bind-address", "127.0.0.1");
    int port = daemon.get().port();

    assertThat(Http.get(port, "/readyz").statusCode()).isEqualTo(503);
    fake.ready.set(true);
    assertThat(Http.get(port, "/readyz").statusCode()).isEqualTo(200);

    stop(run);
    assertThat(daemon.get().ready()).isFalse();
  }

  @Test
  void stoppingClosesTheConnectionAndExitsZero() throws Exception {
    Thread run = start("run", "--config", CONFIG, "--port", "0", "--bind-address", "127.0.0.1");

    stop(run);

    assertThat(fake.closed).isTrue();
    assertThat(exitCode).hasValue(0);
  }

  private Thread start(String... args) throws InterruptedException {
    Cli cli = new Cli().connector(fake).onDaemonStarted(d -> {
      daemon.set(d);
      started.countDown();
    });
    if (cycles != null) {
      cli.cycleScheduler(cycles);
    }
    Thread thread = new Thread(() -> exitCode.set(cli.run(args).exitCode()), "healer-run-test");
    thread.start();
    assertThat(started.await(30, TimeUnit.SECONDS)).as("the daemon started").isTrue();
    return thread;
  }

  private void stop(Thread run) throws InterruptedException {
    daemon.get().stop();
    run.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(run.isAlive()).isFalse();
    assertThat(exitCode).hasValue(0);
  }
}
