package io.healer.integration.openstack;

import io.healer.integration.support.ManagedProcess;
import io.healer.integration.support.Ports;
import io.healer.integration.support.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A RabbitMQ node of its own, for the services' RPC: its own epmd (started here, so that it is
 * ended here, not left as a daemon), config, Mnesia and logs in its folder, every port on loopback.
 * Run as root through Debian's inner script, which does not switch to the rabbitmq user.
 */
final class RabbitMq implements AutoCloseable {

  private final Path dir;
  private final int amqpPort = Ports.free();
  private final int distPort = Ports.free();
  private final int epmdPort = Ports.free();
  private ManagedProcess epmd;
  private ManagedProcess server;

  private RabbitMq(Path dir) {
    this.dir = dir;
  }

  static RabbitMq start(Path dir) {
    RabbitMq rabbit = new RabbitMq(dir);
    rabbit.run();
    return rabbit;
  }

  /** The oslo.messaging URL; guest may log in from loopback only. */
  String transportUrl() {
    return "rabbit://guest:guest@127.0.0.1:" + amqpPort + "/";
  }

  private void run() {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.default = 127.0.0.1:" + amqpPort + "\n"
          + "loopback_users.guest = true\n");
      Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    epmd = ManagedProcess.start("epmd", List.of("/usr/bin/epmd", "-port", String.valueOf(epmdPort),
        "-address", "127.0.0.1"), Map.of(), dir.resolve("epmd.log"));
    Wait.until("epmd listens on " + epmdPort, Duration.ofSeconds(20), () -> {
      Processes.assertAlive(epmd, epmd.log());
      return listening(epmdPort);
    });
    Map<String, String> env = Map.ofEntries(
        Map.entry("HOME", dir.toString()),
        Map.entry("RABBITMQ_NODENAME", "healer" + amqpPort + "@localhost"),
        Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
        Map.entry("RABBITMQ_NODE_PORT", String.valueOf(amqpPort)),
        Map.entry("RABBITMQ_DIST_PORT", String.valueOf(distPort)),
        Map.entry("ERL_EPMD_PORT", String.valueOf(epmdPort)),
        Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"),
        // The distribution listener binds every interface unless told otherwise.
        Map.entry("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}"),
        Map.entry("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString()),
        Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString()),
        Map.entry("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString()),
        Map.entry("RABBITMQ_LOG_BASE", dir.resolve("log").toString()),
        Map.entry("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString()),
        Map.entry("RABBITMQ_LOGS", "-"));
    server = ManagedProcess.start("rabbitmq-server", List.of("/usr/lib/rabbitmq/bin/rabbitmq-server"), env,
        dir.resolve("rabbitmq.log"));
    Wait.until("RabbitMQ accepts AMQP on " + amqpPort + " (log " + server.log() + ")", Duration.ofSeconds(120),
        () -> {
          Processes.assertAlive(server, server.log());
          return listening(amqpPort);
        });
    Processes.adoptChildren(server);
  }

  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    Processes.stop(server);
    Processes.stop(epmd);
  }
}
