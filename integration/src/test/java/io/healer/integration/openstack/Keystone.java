package io.healer.integration.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.healer.integration.support.Commands;
import io.healer.integration.support.ManagedProcess;
import io.healer.integration.support.Ports;
import io.healer.integration.support.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Real Keystone 22 (Zed) on loopback: fernet tokens, its database in MariaDB, served by {@code
 * keystone-wsgi-public} (the stdlib WSGI server, one request at a time, which is plenty here).
 * Seeds the service users of Heat and Magnum, the catalog, the healer user in its own domain, an
 * application credential, Magnum's trustee domain and a trust for the cluster's trustee.
 */
final class Keystone implements AutoCloseable {

  private final Path dir;
  private final int port = Ports.free();
  private final String adminPassword = Secrets.random();
  private ManagedProcess server;
  /** The database's connection URL, made once. */
  private String database;

  private Keystone(Path dir) {
    this.dir = dir;
  }

  static Keystone start(Path dir, MariaDb db) {
    Keystone keystone = new Keystone(dir);
    keystone.run(db);
    return keystone;
  }

  /** Keystone's port on 127.0.0.1. */
  int port() {
    return port;
  }

  /** Keystone's v3 URL, {@code http://127.0.0.1:PORT/v3}. */
  String url() {
    return "http://127.0.0.1:" + port + "/v3";
  }

  private Ini config() {
    return new Ini()
        .set("DEFAULT", "use_stderr", true)
        .set("database", "connection", database)
        .set("token", "provider", "fernet")
        .set("fernet_tokens", "key_repository", dir.resolve("fernet-keys"))
        .set("fernet_receipts", "key_repository", dir.resolve("fernet-keys"))
        .set("credential", "key_repository", dir.resolve("credential-keys"));
  }

  private void run(MariaDb db) {
    database = db.database("keystone");
    Path conf = config().write(dir.resolve("keystone.conf"));
    manage(conf, "db_sync");
    manage(conf, "fernet_setup", "--keystone-user", "root", "--keystone-group", "root");
    manage(conf, "credential_setup", "--keystone-user", "root", "--keystone-group", "root");
    manage(conf, "bootstrap", "--bootstrap-password", adminPassword, "--bootstrap-admin-url", url(),
        "--bootstrap-public-url", url(), "--bootstrap-internal-url", url(), "--bootstrap-region-id", Identity.REGION);
    server = serve("keystone", conf, port);
  }

  /** Starts {@code keystone-wsgi-public} with {@code conf} on {@code port} and waits until it answers. */
  private ManagedProcess serve(String name, Path conf, int on) {
    String url = "http://127.0.0.1:" + on + "/v3";
    ManagedProcess p = ManagedProcess.start(name, List.of("/usr/bin/keystone-wsgi-public", "--host", "127.0.0.1",
        "--port", String.valueOf(on)), Map.of("OS_KEYSTONE_CONFIG_FILES", conf.toString()), dir.resolve(name + ".log"));
    Wait.until("Keystone answers " + url + " (log " + p.log() + ")", Duration.ofSeconds(60), () -> {
      Processes.assertAlive(p, p.log());
      try {
        return Rest.send("GET", url, null, null).status() == 200;
      } catch (RuntimeException e) {
        return false;
      }
    });
    return p;
  }

  /**
   * A second Keystone on the same database and fernet keys whose tokens live {@code lifetime}
   * ({@code [token] expiration}). Its tokens carry their expiry, so the first Keystone, which the
   * services validate against, takes them and lets them expire at the same moment.
   */
  Second startWithTokenLifetime(Duration lifetime) {
    int on = Ports.free();
    Path conf = config().set("token", "expiration", lifetime.toSeconds())
        .write(dir.resolve("keystone-" + lifetime.toSeconds() + "s.conf"));
    return new Second("http://127.0.0.1:" + on + "/v3", on, serve("keystone-" + lifetime.toSeconds() + "s", conf, on));
  }

  /** A second keystone-wsgi-public process; closing it stops it. */
  record Second(String url, int port, ManagedProcess process) implements AutoCloseable {
    @Override
    public void close() {
      Processes.stop(process);
    }
  }

  private void manage(Path conf, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/keystone-manage", "--config-file", conf.toString()));
    command.addAll(List.of(args));
    // Only the sub-command in a failure: bootstrap's arguments hold the admin password.
    Commands.Result r = Commands.exec(dir, command, Map.of(), 180);
    if (!r.ok()) {
      throw new IllegalStateException("keystone-manage " + args[0] + " exited " + r.exitCode() + ":\n"
          + r.output().replace(adminPassword, "<redacted>"));
    }
  }

  /** A token of the bootstrap admin, scoped to the admin project. */
  String adminToken() {
    return token(passwordAuth(Map.of("name", "admin", "domain", Map.of("id", "default"), "password", adminPassword),
        Map.of("project", Map.of("name", "admin", "domain", Map.of("id", "default")))));
  }

  /** A token for {@code POST /v3/auth/tokens} body {@code auth}. */
  String token(Map<String, Object> auth) {
    Rest.Reply r = Rest.send("POST", url() + "/auth/tokens", null, Map.of("auth", auth));
    if (r.status() != 201) {
      throw new IllegalStateException("Keystone refused a login: " + r.status() + " " + r.json().path("error"));
    }
    return r.header("X-Subject-Token").orElseThrow();
  }

  static Map<String, Object> passwordAuth(Map<String, Object> user, Map<String, Object> scope) {
    return Map.of("identity", Map.of("methods", List.of("password"), "password", Map.of("user", user)),
        "scope", scope);
  }

  /**
   * Seeds everything the suite needs.
   *
   * @param heatUrl Heat's endpoint, with {@code %(tenant_id)s}
   * @param magnumUrl Magnum's endpoint
   * @param novaUrl the Nova stand-in's endpoint
   * @param heatPassword the heat service user's password
   * @param magnumPassword the magnum service user's password
   * @param trusteeAdminPassword the password of Magnum's trustee domain admin
   */
  Seeded seed(String heatUrl, String magnumUrl, String novaUrl, String heatPassword,
      String magnumPassword, String trusteeAdminPassword) {
    String admin = adminToken();
    String adminRole = find(admin, "/roles?name=admin", "roles");
    String memberRole = find(admin, "/roles?name=member", "roles");
    String service = create(admin, "/projects", "project", Map.of("name", "service", "domain_id", "default"));
    for (String[] user : new String[][] {{"heat", heatPassword}, {"magnum", magnumPassword}}) {
      String id = create(admin, "/users", "user", Map.of("name", user[0], "domain_id", "default", "password", user[1]));
      put(admin, "/projects/" + service + "/users/" + id + "/roles/" + adminRole);
    }
    endpoint(admin, "orchestration", "heat", heatUrl);
    endpoint(admin, "container-infra", "magnum", magnumUrl);
    endpoint(admin, "compute", "nova", novaUrl);

    String domain = create(admin, "/domains", "domain", Map.of("name", Identity.DOMAIN));
    String project = create(admin, "/projects", "project", Map.of("name", Identity.PROJECT, "domain_id", domain));
    String password = Secrets.random();
    String user = create(admin, "/users", "user", Map.of("name", Identity.USER, "domain_id", domain,
        "password", password, "default_project_id", project));
    put(admin, "/projects/" + project + "/users/" + user + "/roles/" + memberRole);

    // Magnum's trustee domain, its admin, and one cluster's trustee, as Magnum itself would make them.
    String trusteeDomain = create(admin, "/domains", "domain", Map.of("name", "magnum"));
    String trusteeAdmin = create(admin, "/users", "user", Map.of("name", "trustee_domain_admin",
        "domain_id", trusteeDomain, "password", trusteeAdminPassword));
    put(admin, "/domains/" + trusteeDomain + "/users/" + trusteeAdmin + "/roles/" + adminRole);
    String trusteePassword = Secrets.random();
    String trustee = create(admin, "/users", "user", Map.of("name", "k8s-trustee", "domain_id", trusteeDomain,
        "password", trusteePassword));

    String healer = token(passwordAuth(Map.of("id", user, "password", password),
        Map.of("project", Map.of("id", project))));
    String trust = create(healer, "/OS-TRUST/trusts", "trust", Map.of("trustor_user_id", user,
        "trustee_user_id", trustee, "project_id", project, "impersonation", true,
        "roles", List.of(Map.of("name", "member"))));
    JsonNode credential = Rest.send("POST", url() + "/users/" + user + "/application_credentials", healer,
        Map.of("application_credential", Map.of("name", "healer-credential"))).expect(201).json()
        .path("application_credential");
    Identity identity = new Identity(user, password, domain, project, credential.path("id").asText(),
        credential.path("secret").asText(), trustee, trusteePassword, trust);
    return new Seeded(identity, trusteeDomain, trusteeAdmin);
  }

  /** What {@link #seed} made: the healer side, and Magnum's trustee domain and its admin. */
  record Seeded(Identity identity, String trusteeDomainId, String trusteeAdminId) {}

  private void endpoint(String token, String type, String name, String url) {
    String service = create(token, "/services", "service", Map.of("type", type, "name", name));
    create(token, "/endpoints", "endpoint", Map.of("service_id", service, "interface", "public", "url", url,
        "region_id", Identity.REGION));
  }

  // --- catalog changes a test makes and undoes, as the bootstrap admin ----------------------------

  /** Registers a service of {@code type}; returns its id. */
  String addService(String type, String name) {
    return create(adminToken(), "/services", "service", Map.of("type", type, "name", name));
  }

  /** The id of the one service of {@code type}. */
  String serviceId(String type) {
    return find(adminToken(), "/services?type=" + type, "services");
  }

  /** Adds an endpoint to a service in a region (made when missing); returns its id. */
  String addEndpoint(String serviceId, String iface, String region, String url) {
    String admin = adminToken();
    if (Rest.send("GET", url() + "/regions/" + region, admin, null).status() == 404) {
      create(admin, "/regions", "region", Map.of("id", region));
    }
    return create(admin, "/endpoints", "endpoint", Map.of("service_id", serviceId, "interface", iface, "url", url,
        "region_id", region));
  }

  /** Deletes a service with its endpoints, or an endpoint: {@code path} is {@code /services/ID} or {@code /endpoints/ID}. */
  void delete(String path) {
    int status = Rest.send("DELETE", url() + path, adminToken(), null).status();
    if (status != 204 && status != 404) {
      throw new IllegalStateException("Keystone DELETE " + path + " answered " + status);
    }
  }

  private String create(String token, String path, String kind, Map<String, Object> fields) {
    Rest.Reply r = Rest.send("POST", url() + path, token, Map.of(kind, fields));
    if (r.status() != 201) {
      throw new IllegalStateException("Keystone POST " + path + " answered " + r.status() + ": "
          + r.json().path("error").path("message").asText());
    }
    return r.json().path(kind).path("id").asText();
  }

  private void put(String token, String path) {
    int status = Rest.send("PUT", url() + path, token, null).status();
    if (status != 204) {
      throw new IllegalStateException("Keystone PUT " + path + " answered " + status);
    }
  }

  private String find(String token, String path, String list) {
    JsonNode items = Rest.send("GET", url() + path, token, null).expect(200).json().path(list);
    if (items.size() != 1) {
      throw new IllegalStateException("Keystone GET " + path + " found " + items.size() + " " + list);
    }
    return items.get(0).path("id").asText();
  }

  @Override
  public void close() {
    Processes.stop(server);
  }
}
