package io.healer.integration.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.healer.integration.kubernetes.HealerDaemon;
import io.healer.integration.kubernetes.KubeRest;
import io.healer.integration.openstack.RealOpenStack;
import io.healer.integration.openstack.RealOpenStackExtension;
import io.healer.integration.support.RecordingProxy;
import io.healer.integration.support.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The switch from the Go magnum-auto-healer to healer, as an operator makes it: healer deployed
 * beside the running Go healer with the same {@code config.yaml}, then the Go healer stopped.
 * Everything asserted is what the servers saw: the Lease {@code kube-system/magnum-auto-healer}'s
 * holder, sampled from the API server, and the repair requests the cloud received, told apart by
 * their User-Agent.
 *
 * <p>A worker's kubelet stops for good while the Go healer leads; the Go healer cordons it and
 * reboots its server, and is stopped right then (SIGTERM: it ends at once, without releasing the
 * Lease), in the middle of its repair. healer must wait as a follower while the Go healer leads,
 * take the Lease once it expires, read the Go healer's cordon as the reboot it started, and go on
 * with the next step (replacing the server) after rebuild-delay-after-reboot, never rebooting the
 * server a second time.
 */
@ExtendWith(RealOpenStackExtension.class)
@DisplayName("migrating from the Go magnum-auto-healer")
class MigrationTest {

  private static final String LEASE = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/magnum-auto-healer";
  /** The Go healer's LeaseDuration and RetryPeriod (cmd/root.go), healer's defaults too. */
  private static final Duration LEASE_DURATION = Duration.ofSeconds(20);
  private static final Duration RETRY_PERIOD = Duration.ofSeconds(5);
  /** The shared config's rebuild-delay-after-reboot. */
  private static final Duration REBOOT_GRACE = Duration.ofSeconds(30);
  private static final Pattern HEALER_IDENTITY = Pattern.compile("healer (\\S+) connected: ");

  @Test
  @DisplayName("both running on the one Lease: the Go healer repairs alone; stopped mid-repair, healer takes over"
      + " within the lease and goes on with the Go healer's repair, no second reboot")
  void handOverMidRepair(RealOpenStack openstack) throws Exception {
    Path dir = folder();
    Path kubeconfig = dir.resolve("auto-healer.kubeconfig");
    Path config = dir.resolve("config.yaml");
    try (HealthEndpoint health = new HealthEndpoint()) {
      Files.writeString(config, SharedConfig.yaml(kubeconfig, health.port(), openstack.recordedPasswordAuth()));
      openstack.awaitSettled();
      try (ComparisonWorld world = new ComparisonWorld(openstack, dir.resolve("kubernetes"), kubeconfig, health);
          Tool.Running go = Tool.MAGNUM_AUTO_HEALER.start(config, dir, 0);
          LeaseHolders holders = new LeaseHolders(world.cluster.rest())) {
        String goId = Wait.value("the Go healer holds the Lease (log " + go.process().log() + ")",
            Duration.ofSeconds(90), holders::current);
        try (HealerDaemon healer = HealerDaemon.start("healer", config, dir,
            Tool.RECOMMENDED_JVM_OPTIONS.toArray(String[]::new))) {
          healer.awaitReady(Duration.ofSeconds(90));
          String healerId = identity(healer);
          assertThat(healerId).isNotEqualTo(goId);

          String node = world.workers().get(0);
          String server = world.serverOfNode().get(node);
          Instant fault = Instant.now();
          world.stopKubeletForGood(node);
          CloudRepair goReboot = Wait.value("the Go healer reboots " + node + "'s server", Duration.ofMinutes(2),
              () -> repairs(openstack, world, Tool.MAGNUM_AUTO_HEALER, fault).stream()
                  .filter(r -> r.action().startsWith("reboot") && r.servers().contains(server)).findFirst());
          Instant cordoned = goCordon(world, node).orElseThrow(() -> new AssertionError(
              "the Go healer's cordon of " + node + " is not in its managed fields: " + managedFields(world, node)));

          // Both run, the Go healer leads: it alone repairs, healer holds back.
          assertThat(repairs(openstack, world, Tool.HEALER, fault)).as("healer's repairs while the Go healer leads")
              .isEmpty();
          assertThat(holders.seen()).as("the Lease's holders while the Go healer runs").containsOnly(goId);

          Instant stopped = Instant.now();
          go.close();
          String taker = Wait.value("healer takes the Lease", LEASE_DURATION.plus(RETRY_PERIOD.multipliedBy(4)),
              () -> holders.current().filter(h -> !h.equals(goId)));
          Duration handOver = Duration.between(stopped, holders.since(taker));
          assertThat(taker).as("the new holder").isEqualTo(healerId);
          // Expired: 20 s after healer last saw the Go healer renew (every 5 s), noticed within one round of 5 s.
          assertThat(handOver).as("stop to hand-over").isLessThanOrEqualTo(LEASE_DURATION.plus(RETRY_PERIOD.multipliedBy(2)));

          CloudRepair next = Wait.value("healer goes on with the repair of " + node + " (log " + healer.process().log()
              + ")", Duration.ofMinutes(2), () -> repairs(openstack, world, Tool.HEALER, fault).stream()
                  .filter(r -> r.starts() && r.servers().contains(server)).findFirst());

          List<CloudRepair> goRepairs = repairs(openstack, world, Tool.MAGNUM_AUTO_HEALER, fault);
          List<CloudRepair> healerRepairs = repairs(openstack, world, Tool.HEALER, fault);
          System.out.printf("[migration] Go reboot @ %.1f s after the fault, Go stopped @ %.1f s, hand-over %.1f s"
              + " (lease %d s), healer's next step %s @ %.1f s (%.1f s after the Go cordon); Go repairs %s, healer"
              + " repairs %s%n", seconds(fault, goReboot.at()), seconds(fault, stopped), handOver.toMillis() / 1000.0,
              LEASE_DURATION.toSeconds(), next.action(), seconds(fault, next.at()), seconds(cordoned, next.at()),
              describe(goRepairs), describe(healerRepairs));
          assertThat(goRepairs).as("the Go healer's repairs").allMatch(r -> r.at().isBefore(stopped));
          assertThat(healerRepairs).as("healer's repairs, all after it took the Lease")
              .allMatch(r -> !r.at().isBefore(holders.since(taker)));
          assertThat(healerRepairs).as("healer rebooted the server the Go healer had rebooted")
              .noneMatch(r -> r.action().startsWith("reboot"));
          assertThat(goRepairs).as("the Go healer's reboots").filteredOn(r -> r.action().startsWith("reboot"))
              .hasSize(1);
          assertThat(next.at()).as("healer's next step, given the Go healer's reboot its rebuild-delay-after-reboot")
              .isAfterOrEqualTo(cordoned.plus(REBOOT_GRACE));
          List<CloudRepair> all = new ArrayList<>(goRepairs);
          all.addAll(healerRepairs);
          assertThat(all).as("repairs of other servers").allMatch(r -> r.servers().isEmpty()
              || r.servers().equals(List.of(server)));
          assertThat(holders.seen()).as("the Lease's holders").containsExactly(goId, healerId);
        }
      }
    }
  }

  /** The repairs of this world's servers {@code tool} sent since {@code from}. */
  private static List<CloudRepair> repairs(RealOpenStack openstack, ComparisonWorld world, Tool tool, Instant from) {
    List<CloudRepair> repairs = new ArrayList<>();
    for (RecordingProxy.Request r : openstack.requests()) {
      if (!r.at().isBefore(from) && !r.service().equals("keystone") && tool.sent(r)) {
        CloudRepair.of(r, world.servers()).ifPresent(repairs::add);
      }
    }
    return repairs;
  }

  /** When the Go healer cordoned the node, from the API server's managed fields. */
  private static Optional<Instant> goCordon(ComparisonWorld world, String node) {
    JsonObject meta = world.cluster.rest().get("/api/v1/nodes/" + node).body().getAsJsonObject("metadata");
    for (JsonElement e : meta.getAsJsonArray("managedFields")) {
      JsonObject entry = e.getAsJsonObject();
      JsonObject fields = entry.getAsJsonObject("fieldsV1");
      if (entry.get("manager").getAsString().equals("magnum-auto-healer") && fields.has("f:spec")
          && fields.getAsJsonObject("f:spec").has("f:unschedulable")) {
        return Optional.of(OffsetDateTime.parse(entry.get("time").getAsString()).toInstant());
      }
    }
    return Optional.empty();
  }

  private static String managedFields(ComparisonWorld world, String node) {
    return world.cluster.rest().get("/api/v1/nodes/" + node).body().getAsJsonObject("metadata")
        .get("managedFields").toString();
  }

  private static String identity(HealerDaemon healer) {
    return Wait.value("healer logs its identity", Duration.ofSeconds(60), () -> {
      Matcher m = HEALER_IDENTITY.matcher(healer.log());
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    });
  }

  private static String describe(List<CloudRepair> repairs) {
    return repairs.stream().map(CloudRepair::action).toList().toString();
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static Path folder() {
    try {
      Path root = GoHealerBinary.integrationDir().resolve("target/real-servers");
      Files.createDirectories(root);
      return Files.createTempDirectory(root, "migration-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The Lease's holder as the API server has it, read every 200 ms: each holder in the order they
   * held it, and when each was first seen.
   */
  private static final class LeaseHolders implements AutoCloseable {
    private record Seen(String holder, Instant at) {}

    private final KubeRest rest;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    LeaseHolders(KubeRest rest) {
      this.rest = rest;
      sampler = new Thread(this::sample, "lease-holders");
      sampler.setDaemon(true);
      sampler.start();
    }

    private void sample() {
      while (running) {
        try {
          KubeRest.Answer lease = rest.get(LEASE);
          if (lease.ok() && lease.body().getAsJsonObject("spec").has("holderIdentity")) {
            String holder = lease.body().getAsJsonObject("spec").get("holderIdentity").getAsString();
            if (!holder.isBlank() && (seen.isEmpty() || !seen.get(seen.size() - 1).holder().equals(holder))) {
              seen.add(new Seen(holder, Instant.now()));
            }
          }
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // The API server is starting or stopping: the next sample tells.
        }
      }
    }

    /** The holder last seen. */
    Optional<String> current() {
      return seen.isEmpty() ? Optional.empty() : Optional.of(seen.get(seen.size() - 1).holder());
    }

    /** Every holder, in the order they held the Lease. */
    List<String> seen() {
      return seen.stream().map(Seen::holder).toList();
    }

    /** When {@code holder} was first seen holding it. */
    Instant since(String holder) {
      return seen.stream().filter(s -> s.holder().equals(holder)).findFirst().orElseThrow().at();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      sampler.interrupt();
      sampler.join(5000);
    }
  }
}
