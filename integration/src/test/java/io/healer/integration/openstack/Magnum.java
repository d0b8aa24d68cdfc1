package io.healer.integration.openstack;

import io.healer.integration.support.Commands;
import io.healer.integration.support.ManagedProcess;
import io.healer.integration.support.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Real Magnum 15 (Zed) with its Heat driver: magnum-api and magnum-conductor, on MariaDB (its
 * migrations fail on SQLite) and RabbitMQ. The conductor is needed: a resize or a health update is
 * an RPC cast the API answers 202 to before anything happened.
 */
final class Magnum implements AutoCloseable {

  private final Path dir;
  private final int port;
  private ManagedProcess api;
  private ManagedProcess conductor;

  private Magnum(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** The trustee domain Magnum makes cluster trustees in, and that domain's admin. */
  record Trustees(String domainId, String adminId, String adminPassword) {}

  static Magnum start(Path dir, int port, MariaDb db, RabbitMq rabbit, String keystoneUrl, String password,
      Trustees trustees) {
    Magnum magnum = new Magnum(dir, port);
    magnum.run(db, rabbit, keystoneUrl, password, trustees);
    return magnum;
  }

  static String catalogUrl(int port) {
    return "http://127.0.0.1:" + port + "/v1";
  }

  private void run(MariaDb db, RabbitMq rabbit, String keystoneUrl, String password, Trustees trustees) {
    String database = db.database("magnum");
    Path conf = new Ini()
        .set("DEFAULT", "use_stderr", true)
        .set("DEFAULT", "transport_url", rabbit.transportUrl())
        .set("DEFAULT", "host", "healer-test")
        .set("DEFAULT", "state_path", dir)
        .set("api", "host", "127.0.0.1")
        .set("api", "port", port)
        .set("api", "workers", 1)
        .set("api", "api_paste_config", "/etc/magnum/api-paste.ini")
        .set("conductor", "workers", 1)
        .set("database", "connection", database)
        .password("keystone_authtoken", keystoneUrl, "magnum", password, "service")
        .set("keystone_authtoken", "www_authenticate_uri", keystoneUrl)
        // Access rules of application credentials are checked only with the service's own type set.
        .set("keystone_authtoken", "service_type", "container-infra")
        .set("keystone_authtoken", "auth_version", "v3")
        .password("keystone_auth", keystoneUrl, "magnum", password, "service")
        .set("trust", "trustee_domain_id", trustees.domainId())
        .set("trust", "trustee_domain_admin_id", trustees.adminId())
        .set("trust", "trustee_domain_admin_password", trustees.adminPassword())
        .set("trust", "trustee_keystone_interface", "public")
        .set("heat_client", "region_name", Identity.REGION)
        .set("heat_client", "endpoint_type", "publicURL")
        .set("oslo_messaging_notifications", "driver", "noop")
        .set("oslo_concurrency", "lock_path", dir.resolve("lock"))
        .set("certificates", "cert_manager_type", "x509keypair")
        .set("cluster", "temp_cache_dir", dir.resolve("certs"))
        .write(dir.resolve("magnum.conf"));
    Commands.Result upgrade = Commands.exec(dir, List.of("/usr/bin/magnum-db-manage", "--config-file", conf.toString(),
        "upgrade"), Map.of(), 300);
    if (!upgrade.ok()) {
      throw new IllegalStateException("magnum-db-manage upgrade exited " + upgrade.exitCode() + ":\n"
          + upgrade.output());
    }
    conductor = ManagedProcess.start("magnum-conductor", List.of("/usr/bin/magnum-conductor", "--config-file",
        conf.toString()), Map.of(), dir.resolve("magnum-conductor.log"));
    api = ManagedProcess.start("magnum-api", List.of("/usr/bin/magnum-api", "--config-file", conf.toString()),
        Map.of(), dir.resolve("magnum-api.log"));
    Wait.until("magnum-api answers on " + port + " (log " + api.log() + ")", Duration.ofSeconds(120), () -> {
      Processes.assertAlive(api, api.log());
      Processes.assertAlive(conductor, conductor.log());
      return RabbitMq.listening(port) && Rest.send("GET", "http://127.0.0.1:" + port + "/", null, null).status() == 200;
    });
  }

  /** Waits until the conductor registered itself, so that a cast is not sent to a queue nobody declared. */
  void awaitConductor(MariaDb db) {
    Wait.until("magnum-conductor registers in magnum_service (log " + conductor.log() + ")", Duration.ofSeconds(120),
        () -> {
          Processes.assertAlive(conductor, conductor.log());
          return db.sql("SELECT COUNT(*) FROM magnum.magnum_service WHERE `binary` = 'magnum-conductor';").strip()
              .equals("1");
        });
  }

  ManagedProcess conductor() {
    return conductor;
  }

  @Override
  public void close() {
    Processes.stop(conductor);
    Processes.stop(api);
  }
}
