package io.healer.integration.openstack;

import io.healer.integration.support.Commands;
import io.healer.integration.support.ManagedProcess;
import io.healer.integration.support.Ports;
import io.healer.integration.support.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A MariaDB server of its own: a data folder made by {@code mariadb-install-db}, {@code mariadbd}
 * on a free loopback port and a socket in the folder. Heat and Magnum need it (SQLite misses a
 * foreign-key error Heat relies on, and Magnum's migrations ALTER constraints); Keystone uses it
 * too, so one database server holds every service's state.
 */
final class MariaDb implements AutoCloseable {

  /** The account the services use over TCP. */
  static final String USER = "openstack";

  private final Path dir;
  private final int port = Ports.free();
  private final String password = Secrets.random();
  private ManagedProcess server;

  private MariaDb(Path dir) {
    this.dir = dir;
  }

  /** Makes a data folder in {@code dir}, starts the server and creates the services' account. */
  static MariaDb start(Path dir) {
    MariaDb db = new MariaDb(dir);
    db.run();
    return db;
  }

  private void run() {
    Commands.Result init = Commands.exec(dir.getParent(), List.of("mariadb-install-db", "--no-defaults",
        "--datadir=" + dir.resolve("data"), "--user=root", "--auth-root-authentication-method=socket",
        "--skip-test-db"), Map.of(), 120);
    if (!init.ok()) {
      throw new IllegalStateException("mariadb-install-db exited " + init.exitCode() + ":\n" + init.output());
    }
    server = ManagedProcess.start("mariadbd", List.of("/usr/sbin/mariadbd", "--no-defaults",
        "--datadir=" + dir.resolve("data"), "--socket=" + socket(), "--port=" + port, "--bind-address=127.0.0.1",
        "--user=root", "--pid-file=" + dir.resolve("mariadbd.pid"), "--skip-name-resolve",
        // Test data is thrown away: no flush per commit, which a shared CI disk makes slow.
        "--innodb-flush-log-at-trx-commit=0", "--log-error=" + dir.resolve("mariadbd.err")),
        Map.of(), dir.resolve("mariadbd.log"));
    Wait.until("mariadbd answers on " + socket() + " (log " + dir.resolve("mariadbd.err") + ")",
        Duration.ofSeconds(60), () -> {
          Processes.assertAlive(server, dir.resolve("mariadbd.err"));
          return client("SELECT 1").ok();
        });
    sql("CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + password + "';"
        + " GRANT ALL ON *.* TO '" + USER + "'@'127.0.0.1';");
  }

  /** Creates a database and returns the SQLAlchemy URL the services connect with. */
  String database(String name) {
    sql("CREATE DATABASE " + name + " CHARACTER SET utf8mb4;");
    return "mysql+pymysql://" + USER + ":" + password + "@127.0.0.1:" + port + "/" + name + "?charset=utf8mb4";
  }

  /** Runs SQL as root through the socket; fails with the client's output (which holds no password). */
  String sql(String statements) {
    Commands.Result r = client(statements);
    if (!r.ok()) {
      throw new IllegalStateException("SQL failed (exit " + r.exitCode() + "): " + r.output());
    }
    return r.output();
  }

  private Commands.Result client(String statements) {
    return Commands.exec(dir, List.of("mariadb", "--no-defaults", "--socket=" + socket(), "-uroot", "-N", "-B",
        "-e", statements), Map.of(), 60);
  }

  private Path socket() {
    return dir.resolve("mysqld.sock");
  }

  @Override
  public void close() {
    Processes.stop(server);
  }
}
