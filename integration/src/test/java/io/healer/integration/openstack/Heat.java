package io.healer.integration.openstack;

import io.healer.integration.support.Commands;
import io.healer.integration.support.ManagedProcess;
import io.healer.integration.support.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Real Heat 19 (Zed): heat-api and one heat-engine, on MariaDB (on SQLite a resize that removes a
 * member makes {@code resources?nested_depth} answer 404) and RabbitMQ. One worker each, so that
 * neither forks and each is one process to stop.
 */
final class Heat implements AutoCloseable {

  private final Path dir;
  private final int port;
  private ManagedProcess api;
  private ManagedProcess engine;

  private Heat(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /**
   * @param port the port the catalog already names
   * @param password the heat service user's password
   */
  static Heat start(Path dir, int port, MariaDb db, RabbitMq rabbit, String keystoneUrl, String password) {
    Heat heat = new Heat(dir, port);
    heat.run(db, rabbit, keystoneUrl, password);
    return heat;
  }

  /** The endpoint as the catalog lists it. */
  static String catalogUrl(int port) {
    return "http://127.0.0.1:" + port + "/v1/%(tenant_id)s";
  }

  private void run(MariaDb db, RabbitMq rabbit, String keystoneUrl, String password) {
    Path conf = new Ini()
        .set("DEFAULT", "use_stderr", true)
        .set("DEFAULT", "transport_url", rabbit.transportUrl())
        .set("DEFAULT", "num_engine_workers", 1)
        .set("DEFAULT", "heat_metadata_server_url", "http://127.0.0.1:" + port)
        .set("DEFAULT", "heat_waitcondition_server_url", "http://127.0.0.1:" + port + "/v1/waitcondition")
        .set("database", "connection", db.database("heat"))
        .set("heat_api", "bind_host", "127.0.0.1")
        .set("heat_api", "bind_port", port)
        .set("heat_api", "workers", 1)
        .set("paste_deploy", "api_paste_config", "/etc/heat/api-paste.ini")
        .password("keystone_authtoken", keystoneUrl, "heat", password, "service")
        .set("keystone_authtoken", "www_authenticate_uri", keystoneUrl)
        // Access rules of application credentials are checked only with the service's own type set.
        .set("keystone_authtoken", "service_type", "orchestration")
        .password("trustee", keystoneUrl, "heat", password, null)
        .set("clients_keystone", "auth_uri", keystoneUrl.replaceAll("/v3$", ""))
        .set("oslo_messaging_notifications", "driver", "noop")
        .set("oslo_concurrency", "lock_path", dir.resolve("lock"))
        .write(dir.resolve("heat.conf"));
    Commands.Result sync = Commands.exec(dir, List.of("/usr/bin/heat-manage", "--config-file", conf.toString(),
        "db_sync"), Map.of(), 300);
    if (!sync.ok()) {
      throw new IllegalStateException("heat-manage db_sync exited " + sync.exitCode() + ":\n" + sync.output());
    }
    engine = ManagedProcess.start("heat-engine", List.of("/usr/bin/heat-engine", "--config-file", conf.toString()),
        Map.of(), dir.resolve("heat-engine.log"));
    api = ManagedProcess.start("heat-api", List.of("/usr/bin/heat-api", "--config-file", conf.toString()),
        Map.of(), dir.resolve("heat-api.log"));
    Wait.until("heat-api answers on " + port + " (log " + api.log() + ")", Duration.ofSeconds(120), () -> {
      Processes.assertAlive(api, api.log());
      Processes.assertAlive(engine, engine.log());
      return RabbitMq.listening(port) && Rest.send("GET", "http://127.0.0.1:" + port + "/", null, null).status() < 500;
    });
  }

  /** heat-engine, for its log. */
  ManagedProcess engine() {
    return engine;
  }

  @Override
  public void close() {
    Processes.stop(api);
    // A SIGTERMed engine may say "stopped" and linger a minute: ManagedProcess kills it after 15 s.
    Processes.stop(engine);
  }
}
