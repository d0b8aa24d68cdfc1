package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.healer.kubernetes.Await;
import io.healer.testkit.openstack.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code healer run} end to end: the real {@link KubernetesConnector} against a loopback API server
 * and the real Magnum provider (from the plugin registry, {@code cloud-provider: openstack})
 * against the fake OpenStack. Simulated time moves only with the manual clock, and the test runs
 * each cycle itself; it polls (bounded) only for what travels over HTTP in the background: watch
 * events into the informer cache, Events, the elector's first step.
 */
class RunOnKubernetesTest {

  @TempDir
  Path dir;

  private final KubernetesWorld world = new KubernetesWorld();
  private final ManualScheduler cycles = new ManualScheduler();
  private final AtomicReference<Daemon> daemon = new AtomicReference<>();
  private final AtomicReference<ClusterConnection> connection = new AtomicReference<>();
  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicInteger exitCode = new AtomicInteger(-1);
  private Thread run;
  private Cli cli;

  @AfterEach
  void stop() throws InterruptedException {
    if (daemon.get() != null) {
      daemon.get().stop();
    }
    if (run != null) {
      run.join(TimeUnit.SECONDS.toMillis(30));
    }
    cycles.shutdownNow();
    world.close();
  }

  @Test
  void aWorkerWhoseKubeletDiesIsSoftRebootedAndTheRepairShowsInMetrics() throws Exception {
    start(world.config(dir, false));
    int port = daemon.get().port();
    assertThat(Http.get(port, "/readyz").statusCode()).as("the caches synced").isEqualTo(200);

    cycles.runCycle();
    assertThat(world.openstack.changes()).as("a healthy cluster: nothing but its health report")
        .noneMatch(r -> r.path().endsWith("/action"));

    world.killKubelet("worker-1");
    Await.until("the informer saw worker-1's Ready turn Unknown", () -> readyStatus("worker-1").equals("Unknown"));
    world.clock.advance(Duration.ofMinutes(2));
    world.openstack.clearRequests();
    cycles.runCycle();

    List<RecordedRequest> calls = world.openstack.requests();
    System.out.println("OpenStack calls of the repairing cycle:");
    calls.forEach(r -> System.out.println("  " + r));
    String server = world.workerIds.get(1);
    assertThat(world.openstack.changes()).filteredOn(r -> r.path().endsWith("/action")).singleElement()
        .satisfies(r -> {
          assertThat(r.call()).isEqualTo("POST /compute/v2.1/servers/" + server + "/action");
          assertThat(r.body().replace(" ", "")).isEqualTo("{\"reboot\":{\"type\":\"SOFT\"}}");
        });
    assertThat(world.openstack.server(server).orElseThrow().reboots()).isEqualTo(1);
    assertThat(world.annotation("worker-1", "healer.io/repair-action")).as("the ledger, on the node")
        .isEqualTo("reboot");
    assertThat(world.api.get("/api/v1/nodes/worker-1")).as("a rebooted node is never deleted").isNotNull();

    String metrics = Http.get(port, "/metrics").body();
    assertThat(metrics)
        .contains("healer_repairs_total{action=\"reboot\",outcome=\"started\",role=\"worker\"} 1.0")
        .contains("healer_repairs_total{action=\"reboot\",outcome=\"succeeded\",role=\"worker\"} 1.0")
        .contains("healer_checks_total{check=\"NodeCondition\",role=\"worker\",verdict=\"unhealthy\"} 1.0")
        .contains("healer_unhealthy_nodes{role=\"worker\"} 1.0")
        .contains("healer_leader 1.0")
        .contains("healer_cycle_seconds_count 2")
        .contains("healer_cloud_calls_total{call=\"repair\",outcome=\"ok\"} 1.0")
        .contains("healer_cloud_calls_total{call=\"cluster_status\",outcome=\"ok\"} 1.0")
        .contains("healer_kubernetes_requests_total{code=\"200\",resource=\"nodes\",verb=\"list\"}")
        .contains("healer_kubernetes_requests_total{code=\"200\",resource=\"nodes\",verb=\"watch\"}")
        .contains("healer_kubernetes_requests_total{code=\"200\",resource=\"nodes\",verb=\"patch\"}")
        .contains("healer_cycle_held_back{why=\"storm_guard\"} 0.0");
    Await.until("the RepairStarted Event is written on worker-1", () -> world.api
        .list("/api/v1/namespaces/default/events").stream()
        .anyMatch(e -> e.get("reason").getAsString().equals("RepairStarted")
            && e.getAsJsonObject("involvedObject").get("name").getAsString().equals("worker-1")));

    daemon.get().stop();
    run.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(exitCode).hasValue(0);
  }

  @Test
  void withLeaderElectionItIsReadyOnceTheElectorRunsLeadsAndReleasesTheLeaseOnStop() throws Exception {
    start(world.config(dir, true));
    int port = daemon.get().port();

    assertThat(Http.get(port, "/readyz").statusCode()).isEqualTo(200);
    Await.until("the elector took the Lease", () -> Http.get(port, "/metrics").body().contains("healer_leader 1.0"));
    assertThat(lease().get("holderIdentity").getAsString()).isNotEmpty();

    daemon.get().stop();
    run.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(exitCode).hasValue(0);
    assertThat(lease().get("holderIdentity").getAsString()).as("released for a follower").isEmpty();
  }

  @Test
  void aCloudThatDoesNotAnswerIsOneWarningPerCauseNotATracePerCycleAndShowsInMetrics() throws Exception {
    Path config = world.config(dir, false);
    int closed = OperatorProcessTest.closedPort();
    Files.writeString(config, Files.readString(config).replaceAll("auth-url: \"[^\"]*\"",
        "auth-url: \"http://127.0.0.1:" + closed + "/v3\""));
    start(config);
    int port = daemon.get().port();
    world.killKubelet("worker-1");
    Await.until("the informer saw worker-1's Ready turn Unknown", () -> readyStatus("worker-1").equals("Unknown"));

    // The first cycle starts worker-1's unhealthy timer; the next ones, past its 1m, ask the cloud.
    for (int cycle = 0; cycle < 4; cycle++) {
      cycles.runCycle();
      world.clock.advance(Duration.ofMinutes(1));
    }

    List<String> log = cli.errSoFar().lines().toList();
    assertThat(log).filteredOn(l -> l.contains(" WARN ") && l.contains("could not ask OpenStack whether cluster k8s"))
        .as("one WARN for three cycles of the same cause:%n%s", String.join("\n", log)).singleElement()
        .satisfies(l -> assertThat(l).contains("Keystone at http://127.0.0.1:" + closed + "/v3 gave no answer"));
    assertThat(log).as("no stack trace at INFO").noneMatch(l -> l.startsWith("\tat "));
    String metrics = Http.get(port, "/metrics").body();
    assertThat(metrics).contains("healer_cloud_cluster_status{status=\"unknown\"} 1.0")
        .contains("healer_cloud_cluster_status{status=\"ready\"} 0.0");
    assertThat(metrics.lines().filter(l -> l.startsWith(
        "healer_cloud_failed_calls_total{cause=\"ConnectException\",service=\"identity\"}")))
        .singleElement().satisfies(l -> assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .as("a failed login per cycle that asked at least").isGreaterThanOrEqualTo(3.0));
    assertThat(world.openstack.changes()).as("nothing repaired while the cloud cannot be asked").isEmpty();
  }

  private JsonObject lease() {
    return world.api.get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/magnum-auto-healer")
        .getAsJsonObject("spec");
  }

  private String readyStatus(String node) {
    return connection.get().nodeSource().nodes().stream().filter(n -> n.name().equals(node)).findFirst()
        .flatMap(n -> n.condition("Ready")).map(io.healer.api.NodeCondition::status).orElse("");
  }

  private void start(Path config) throws InterruptedException {
    KubernetesConnector real = new KubernetesConnector(world.clock);
    ClusterConnector capturing = (c, plugins) -> {
      ClusterConnection connected = real.connect(c, plugins);
      connection.set(connected);
      return connected;
    };
    cli = new Cli().connector(capturing).cycleScheduler(cycles).onDaemonStarted(d -> {
      daemon.set(d);
      started.countDown();
    });
    run = new Thread(() -> exitCode.set(cli.run("run", "--config", config.toString(), "--port", "0",
        "--bind-address", "127.0.0.1").exitCode()), "healer-run-test");
    run.start();
    assertThat(started.await(30, TimeUnit.SECONDS)).as("the daemon started").isTrue();
  }
}
