package io.healer.integration.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.healer.api.NodeInfo;
import io.healer.api.config.Settings;
import io.healer.fakes.Nodes;
import io.healer.integration.support.Ports;
import io.healer.integration.support.RecordingProxy;
import io.healer.integration.support.Wait;
import io.healer.provider.magnum.MagnumCloudProvider;
import io.healer.provider.magnum.MagnumCloudProviderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Real Keystone, Heat and Magnum (Debian's OpenStack Zed) on loopback, with MariaDB and RabbitMQ
 * under them and a Nova stand-in beside them, seeded with one Magnum cluster as Magnum's Heat
 * driver would have made it: a Heat stack in the shape of Magnum's {@code kubecluster.yaml} (its
 * servers are {@code OS::Heat::TestResource}s, each in a nested stack whose UUID is the server's
 * id) and the cluster template, cluster and node group
 * rows pointing at it, with the labels {@code auto_healing_enabled=true} and {@code
 * auto_healing_controller=magnum-auto-healer}, and a real trust for the conductor's status sync.
 *
 * <p>The cluster {@value #CLUSTER} has one master and two workers in {@code default-worker}, and a
 * second worker group {@value #BOUNDED_GROUP} in the same stack whose {@code max_node_count} (1) is
 * below its {@code node_count} (2), so every resize of it is outside its bounds. The cluster
 * {@value #LOST_STACK_CLUSTER} points at a Heat stack that does not exist, and two clusters are named
 * {@value #TWIN_CLUSTER}.
 *
 * <p>The catalog names {@link RecordingProxy recording proxies} in front of Heat, Magnum and the
 * Nova stand-in, and {@link #recordedAuthUrl()} one in front of Keystone, so that {@link
 * #requests()} lists what clients asked of the cloud, on the servers' side; the suite's own calls
 * go to the services directly.
 *
 * <p>Everything lives in one folder (configs, data, one log per process); {@link #close()} stops
 * every process it started.
 */
public final class RealOpenStack implements AutoCloseable {

  static final String CLUSTER = "k8s";
  static final String BOUNDED_GROUP = "bounded-worker";
  static final String LOST_STACK_CLUSTER = "k8s-lost-stack";
  /** The name of two clusters: Magnum answers a GET by it with 409. */
  static final String TWIN_CLUSTER = "k8s-twin";
  /**
   * A cluster as a Cluster API driver leaves it in Magnum's database: a template with {@code
   * cluster_distro} ubuntu (no such driver is installed here, and Magnum's API reads its rows
   * without one), {@code stack_id} the Cluster API cluster's name as magnum-cluster-api writes it,
   * no Heat stack, node groups without a stack.
   */
  static final String CAPI_CLUSTER = "k8s-capi";
  /** What magnum-cluster-api writes into the stack_id of {@link #CAPI_CLUSTER}: no Heat stack has it. */
  static final String CAPI_STACK_ID = "kube-h3c1r";
  /** The Magnum microversion the suite's own reads use: Magnum 15's maximum. */
  static final String MAGNUM_VERSION = "container-infra 1.10";
  private static final Duration STACK_TIMEOUT = Duration.ofMinutes(4);

  private final Path dir;
  private final int heatPort = Ports.free();
  private final int magnumPort = Ports.free();
  private MariaDb db;
  private RabbitMq rabbit;
  private Keystone keystone;
  private NovaStandIn nova;
  private CinderStandIn cinder;
  /** The block-storage endpoint {@link #cinderInCatalog} registers. */
  private String volumeUrl;
  private Heat heat;
  private Magnum magnum;
  private final List<RecordingProxy> proxies = new ArrayList<>();
  private RecordingProxy keystoneProxy;
  private Identity identity;
  private String stackId;
  private String clusterUuid;

  private RealOpenStack(Path dir) {
    this.dir = dir;
  }

  /** Starts and seeds everything in {@code dir}; on failure stops what it started. */
  public static RealOpenStack start(Path dir) {
    OpenStackPackages.requireInstalled();
    RealOpenStack openstack = new RealOpenStack(dir);
    try {
      openstack.startAll();
      return openstack;
    } catch (RuntimeException | Error e) {
      openstack.close();
      throw e;
    }
  }

  private void startAll() {
    long t0 = System.nanoTime();
    db = MariaDb.start(dir.resolve("mariadb"));
    rabbit = RabbitMq.start(dir.resolve("rabbitmq"));
    keystone = Keystone.start(dir.resolve("keystone"), db);
    nova = new NovaStandIn(Ports.free(), keystone.url(), keystone::adminToken);
    // Not in the catalog: a test registers it under the type it is about (CatalogTest), and the
    // comparison registers block-storage for the Go healer (cinderInCatalog).
    cinder = new CinderStandIn(Ports.free(), keystone.url(), keystone::adminToken, nova::attachedTo);
    keystoneProxy = proxy("keystone", keystone.port());
    String novaUrl = proxy("nova", nova.port()).base() + "/v2.1";
    volumeUrl = proxy("cinder", nova.port()).base() + "/volume/v3/%(tenant_id)s";
    String heatPassword = Secrets.random();
    String magnumPassword = Secrets.random();
    String trusteeAdminPassword = Secrets.random();
    Keystone.Seeded seeded = keystone.seed(Heat.catalogUrl(proxy("heat", heatPort).port()),
        Magnum.catalogUrl(proxy("magnum", magnumPort).port()), novaUrl, heatPassword, magnumPassword,
        trusteeAdminPassword);
    identity = seeded.identity();
    nova.project(identity.projectId());
    heat = Heat.start(dir.resolve("heat"), heatPort, db, rabbit, keystone.url(), heatPassword);
    magnum = Magnum.start(dir.resolve("magnum"), magnumPort, db, rabbit, keystone.url(), magnumPassword,
        new Magnum.Trustees(seeded.trusteeDomainId(), seeded.trusteeAdminId(), trusteeAdminPassword));
    stackId = createStack(CLUSTER + "-stack");
    clusterUuid = UUID.randomUUID().toString();
    insertCluster();
    magnum.awaitConductor(db);
    registerServers();
    System.out.printf("[real-openstack] MariaDB, RabbitMQ, Keystone, Heat and Magnum up and seeded in %.1f s"
        + " (Keystone %s, folder %s)%n", (System.nanoTime() - t0) / 1e9, keystone.url(), dir);
  }

  /** A recording proxy in front of the service on a loopback port. */
  private RecordingProxy proxy(String service, int port) {
    RecordingProxy proxy = RecordingProxy.start(service, "http://127.0.0.1:" + port, !service.equals("keystone"));
    proxies.add(proxy);
    return proxy;
  }

  // --- seeding ---------------------------------------------------------------------------------

  private String createStack(String name) {
    Map<String, Object> files = new LinkedHashMap<>();
    files.put("kubemaster.yaml", resource("kubemaster.yaml"));
    files.put("kubeminion.yaml", resource("kubeminion.yaml"));
    files.put("server.yaml", resource("server.yaml"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("stack_name", name);
    body.put("template", resource("kubecluster.yaml"));
    body.put("files", files);
    // Heat lists a mapped resource with the type the template names: a real cluster's view. The
    // mapping is a nested stack around a test resource, so that a server's id is a UUID, as Nova's are.
    body.put("environment", Map.of("resource_registry", Map.of("OS::Nova::Server", "server.yaml")));
    body.put("disable_rollback", true);
    String id = heat("POST", "/stacks", body).expect(201).json().path("stack").path("id").asText();
    awaitStack(name, id, "CREATE_COMPLETE");
    return id;
  }

  private void insertCluster() {
    String project = identity.projectId();
    String user = identity.userId();
    String labels = "{\"auto_healing_enabled\": \"true\", \"auto_healing_controller\": \"magnum-auto-healer\"}";
    String template = UUID.randomUUID().toString();
    StringBuilder sql = new StringBuilder("USE magnum;\n");
    sql.append(templateRow(project, user, labels, template, "k8s-template", "fedora-coreos"));
    sql.append(clusterRow(clusterUuid, CLUSTER, template, stackId, labels));
    sql.append(nodeGroupRow(clusterUuid, "default-master", "master", 1, 1, "NULL", 1, stackId));
    sql.append(nodeGroupRow(clusterUuid, "default-worker", "worker", 2, 1, "NULL", 1, stackId));
    sql.append(nodeGroupRow(clusterUuid, BOUNDED_GROUP, "worker", 2, 1, "1", 0, stackId));
    String lost = UUID.randomUUID().toString();
    sql.append(clusterRow(lost, LOST_STACK_CLUSTER, template, UUID.randomUUID().toString(), labels));
    sql.append(nodeGroupRow(lost, "default-master", "master", 1, 1, "NULL", 1, "NULL"));
    for (int i = 0; i < 2; i++) {
      sql.append(clusterRow(UUID.randomUUID().toString(), TWIN_CLUSTER, template, stackId, labels));
    }
    String capiTemplate = UUID.randomUUID().toString();
    sql.append(templateRow(project, user, labels, capiTemplate, "k8s-capi-template", "ubuntu"));
    String capi = UUID.randomUUID().toString();
    sql.append(clusterRow(capi, CAPI_CLUSTER, capiTemplate, CAPI_STACK_ID, labels));
    sql.append(nodeGroupRow(capi, "default-master", "master", 1, 1, "NULL", 1, "NULL"));
    sql.append(nodeGroupRow(capi, "default-worker", "worker", 2, 1, "NULL", 1, "NULL"));
    db.sql(sql.toString());
  }

  private static String templateRow(String project, String user, String labels, String uuid, String name,
      String distro) {
    return "INSERT INTO cluster_template (created_at, uuid, name, image_id, flavor_id, master_flavor_id,"
        + " external_network_id, project_id, user_id, cluster_distro, coe, network_driver, labels, tls_disabled,"
        + " public, server_type, volume_driver, master_lb_enabled, floating_ip_enabled, hidden, registry_enabled,"
        + " docker_storage_driver, apiserver_port, dns_nameserver, keypair_id, tags) VALUES (NOW(), " + q(uuid) + ", "
        + q(name) + ", 'fedora-coreos-35', 'm1.small', 'm1.small', 'public', " + q(project) + ", " + q(user) + ", "
        + q(distro) + ", 'kubernetes', 'flannel', " + q(labels) + ", 0, 0, 'vm', 'cinder', 0, 0, 0, 0, 'overlay2',"
        + " 6443, '8.8.8.8', 'healer-key', '');\n";
  }

  private String clusterRow(String uuid, String name, String template, String stack, String labels) {
    return "INSERT INTO cluster (created_at, uuid, name, cluster_template_id, stack_id, project_id, user_id, status,"
        + " status_reason, create_timeout, trust_id, trustee_username, trustee_user_id, trustee_password,"
        + " coe_version, keypair, labels, master_flavor_id, flavor_id, health_status, floating_ip_enabled,"
        + " master_lb_enabled, api_address) VALUES (NOW(), " + q(uuid) + ", " + q(name) + ", " + q(template) + ", "
        + q(stack) + ", " + q(identity.projectId()) + ", " + q(identity.userId()) + ", 'CREATE_COMPLETE',"
        + " 'Stack CREATE completed successfully', 60, " + q(identity.trustId()) + ", 'k8s-trustee', "
        + q(identity.trusteeUserId()) + ", " + q(identity.trusteePassword()) + ", 'v1.25.3', 'healer-key', "
        + q(labels) + ", 'm1.small', 'm1.small', 'UNKNOWN', 0, 0, 'https://127.0.0.1:6443');\n";
  }

  private String nodeGroupRow(String cluster, String name, String role, int count, int min, String max,
      int isDefault, String stack) {
    return "INSERT INTO nodegroup (created_at, uuid, name, cluster_id, project_id, flavor_id, image_id,"
        + " node_addresses, node_count, min_node_count, max_node_count, role, is_default, stack_id, status, labels)"
        + " VALUES (NOW(), " + q(UUID.randomUUID().toString()) + ", " + q(name) + ", " + q(cluster) + ", "
        + q(identity.projectId()) + ", 'm1.small', 'fedora-coreos-35', '[]', " + count + ", " + min + ", " + max
        + ", " + q(role) + ", " + isDefault + ", " + (stack.equals("NULL") ? stack : q(stack))
        + ", 'CREATE_COMPLETE', '{}');\n";
  }

  private static String q(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  private static String resource(String name) {
    try (InputStream in = RealOpenStack.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- for tests -------------------------------------------------------------------------------

  /** Keystone's v3 URL. */
  public String authUrl() {
    return keystone.url();
  }

  /** Keystone's v3 URL through its recording proxy: for a client whose every request {@link #requests()} lists. */
  public String recordedAuthUrl() {
    return keystoneProxy.base() + "/v3";
  }

  /** Every request the proxies passed on (Keystone's through {@link #recordedAuthUrl()}), oldest first. */
  public List<RecordingProxy.Request> requests() {
    return proxies.stream().flatMap(p -> p.requests().stream())
        .sorted(Comparator.comparing(RecordingProxy.Request::at)).toList();
  }

  /** The name of the seeded cluster a healer is configured with. */
  public static String clusterName() {
    return CLUSTER;
  }

  /**
   * The {@code openstack} block of a {@code config.yaml} both the Go magnum-auto-healer and healer
   * read: the healer user by ids, its password, its project, the region, Keystone through its proxy.
   */
  public Map<String, Object> recordedPasswordAuth() {
    Map<String, Object> block = passwordByIds();
    block.put("auth-url", recordedAuthUrl());
    return block;
  }

  /** The physical ids of the cluster's master servers, each known to the Nova stand-in. */
  public List<String> masterServers() {
    return serverIds("kube_masters");
  }

  /** The physical ids of the cluster's worker servers (group default-worker), each known to the Nova stand-in. */
  public List<String> workerServers() {
    return serverIds("kube_minions");
  }

  /** A server's fixed address, as the Nova stand-in shows it. */
  public String address(String serverId) {
    return nova.address(serverId);
  }

  /** A server's status as the Nova stand-in shows it ({@code DELETED} when gone). */
  public String serverStatus(String serverId) {
    return nova.status(serverId);
  }

  /** Calls {@code listener} with a server's id each time a reboot of it has finished. */
  public void onRebooted(Consumer<String> listener) {
    nova.onRebooted(listener);
  }

  /**
   * Switches healing of cluster {@value #CLUSTER} on or off as an operator does: its label {@code
   * auto_healing_enabled} (Magnum's API takes no label change on a running cluster; the row is
   * changed in its database, which every GET of the cluster reads).
   */
  public void autoHealing(boolean enabled) {
    String labels = "{\"auto_healing_enabled\": \"" + enabled
        + "\", \"auto_healing_controller\": \"magnum-auto-healer\"}";
    db.sql("USE magnum;\nUPDATE cluster SET labels = " + q(labels) + " WHERE uuid = " + q(clusterUuid) + ";\n");
  }

  /**
   * Resizes the cluster's {@code default-worker} group as an operator does, through Magnum's API
   * (not the recording proxy: the request is not a healer's): to {@code count} workers, removing
   * {@code servers}. Returns Magnum's status code (202 when accepted).
   */
  public int resizeWorkers(int count, List<String> servers) {
    return magnum("POST", "/clusters/" + CLUSTER + "/actions/resize", Map.of("node_count", count,
        "nodes_to_remove", servers, "nodegroup", "default-worker")).status();
  }

  /** The Magnum cluster's status and its root stack's, as {@code UPDATE_IN_PROGRESS/UPDATE_IN_PROGRESS}. */
  public String clusterAndStackStatus() {
    return cluster().path("status").asText() + "/" + stack().path("stack_status").asText();
  }

  /** Waits until the Magnum cluster and its root stack are both {@code *_COMPLETE}. */
  public void awaitSettled() {
    awaitQuiet();
  }

  Identity identity() {
    return identity;
  }

  NovaStandIn nova() {
    return nova;
  }

  CinderStandIn cinder() {
    return cinder;
  }

  Keystone keystone() {
    return keystone;
  }

  int heatPort() {
    return heatPort;
  }

  int magnumPort() {
    return magnumPort;
  }

  MariaDb db() {
    return db;
  }

  String clusterUuid() {
    return clusterUuid;
  }

  String stackId() {
    return stackId;
  }

  /** The folder of this run: configs, data, logs. */
  public Path dir() {
    return dir;
  }

  /** The end of magnum-conductor's log so far. */
  String conductorLog() {
    return magnum.conductor().output();
  }

  /** A provider for cluster {@value #CLUSTER} (or another) with the given {@code openstack} block. */
  MagnumCloudProvider provider(String cluster, Map<String, Object> block) {
    return new MagnumCloudProviderFactory().create(Settings.of("openstack", block), cluster, Clock.systemUTC());
  }

  /** The {@code openstack} block with the healer user's ids: user-id, password, project-id. */
  Map<String, Object> passwordByIds() {
    Map<String, Object> block = base();
    block.put("user-id", identity.userId());
    block.put("password", identity.password());
    block.put("project-id", identity.projectId());
    return block;
  }

  /** Keystone URL and region only. */
  Map<String, Object> base() {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("auth-url", authUrl());
    block.put("region", Identity.REGION);
    return block;
  }

  /** A token of the healer user scoped to its project. */
  String healerToken() {
    return keystone.token(Keystone.passwordAuth(Map.of("id", identity.userId(), "password", identity.password()),
        Map.of("project", Map.of("id", identity.projectId()))));
  }

  /** A request to Heat as the healer user, {@code path} below {@code /v1/{project}}. */
  Rest.Reply heat(String method, String path, Object body) {
    return Rest.send(method, "http://127.0.0.1:" + heatPort + "/v1/" + identity.projectId() + path, healerToken(),
        body);
  }

  /** Magnum's endpoint. */
  String magnumUrl() {
    return Magnum.catalogUrl(magnumPort);
  }

  /** A request to Magnum as the healer user at {@link #MAGNUM_VERSION}, {@code path} below {@code /v1}. */
  Rest.Reply magnum(String method, String path, Object body) {
    return Rest.send(method, Magnum.catalogUrl(magnumPort) + path, healerToken(), body,
        "OpenStack-API-Version", MAGNUM_VERSION);
  }

  /** The Magnum cluster as its API shows it. */
  JsonNode cluster() {
    return magnum("GET", "/clusters/" + CLUSTER, null).expect(200).json();
  }

  /** The root stack as Heat shows it. */
  JsonNode stack() {
    return heat("GET", "/stacks/" + CLUSTER + "-stack/" + stackId, null).expect(200).json().path("stack");
  }

  /** Waits until the Magnum cluster ends its change in {@code _COMPLETE} (fails on {@code _FAILED}). */
  String awaitClusterSettled(Duration timeout) {
    return Wait.value("cluster " + CLUSTER + " is *_COMPLETE (conductor log " + magnum.conductor().log() + ")",
        timeout, () -> {
          JsonNode c = cluster();
          String status = c.path("status").asText();
          if (status.endsWith("_FAILED")) {
            throw new AssertionError("cluster " + CLUSTER + " is " + status + ": " + c.path("status_reason").asText());
          }
          return status.endsWith("_COMPLETE") ? java.util.Optional.of(status) : java.util.Optional.empty();
        });
  }

  /**
   * Waits until nothing is changing: the Magnum cluster and its root stack are both {@code
   * *_COMPLETE}. Tests that change the cluster start with it, so that one test's update never
   * runs into the next.
   */
  void awaitQuiet() {
    awaitClusterSettled(STACK_TIMEOUT);
    Wait.until("stack " + CLUSTER + "-stack is *_COMPLETE (engine log " + heat.engine().log() + ")", STACK_TIMEOUT,
        () -> stack().path("stack_status").asText().endsWith("_COMPLETE"));
  }

  /** A worker node of the cluster whose server is {@code serverId}, labelled with its node group. */
  NodeInfo worker(String name, String serverId, String nodeGroup) {
    return Nodes.worker(name).providerId(Nodes.PROVIDER_ID_PREFIX + serverId)
        .label(Nodes.NODE_GROUP_LABEL, nodeGroup).build();
  }

  /** A master node of the cluster whose server is {@code serverId}. */
  NodeInfo master(String name, String serverId) {
    return Nodes.master(name).providerId(Nodes.PROVIDER_ID_PREFIX + serverId).build();
  }

  /** Waits until the stack is in {@code status}; fails at once on a {@code _FAILED} status. */
  void awaitStack(String name, String id, String status) {
    Wait.until("stack " + name + " is " + status + " (engine log " + heat.engine().log() + ")", STACK_TIMEOUT, () -> {
      JsonNode s = heat("GET", "/stacks/" + name + "/" + id, null).expect(200).json().path("stack");
      String now = s.path("stack_status").asText();
      if (now.endsWith("_FAILED")) {
        throw new AssertionError("stack " + name + " is " + now + ": " + s.path("stack_status_reason").asText());
      }
      return now.equals(status);
    });
  }

  /** Waits until the root stack is in {@code status}. */
  void awaitStack(String status) {
    awaitStack(CLUSTER + "-stack", stackId, status);
  }

  /**
   * The server resources of the cluster's stack, two levels down, as Heat lists them.
   *
   * @param group {@code kube_masters} or {@code kube_minions}
   */
  List<JsonNode> servers(String group) {
    JsonNode resources = heat("GET", "/stacks/" + CLUSTER + "-stack/" + stackId + "/resources?nested_depth=2", null)
        .expect(200).json().path("resources");
    List<JsonNode> servers = new ArrayList<>();
    for (JsonNode r : resources) {
      boolean inGroup = false;
      for (JsonNode link : r.path("links")) {
        inGroup |= link.path("rel").asText().equals("stack") && link.path("href").asText().contains("-" + group + "-");
      }
      if (r.path("resource_type").asText().equals("OS::Nova::Server") && inGroup) {
        servers.add(r);
      }
    }
    return servers;
  }

  /** The physical ids of the group's servers, each made known to the Nova stand-in as ACTIVE. */
  List<String> serverIds(String group) {
    List<String> ids = servers(group).stream().map(r -> r.path("physical_resource_id").asText()).toList();
    for (int i = 0; i < ids.size(); i++) {
      nova.addServer(ids.get(i), "10.0." + (group.equals("kube_masters") ? 1 : 2) + "." + (ids.get(i).hashCode() & 0xff));
    }
    return ids;
  }

  private void registerServers() {
    serverIds("kube_masters");
    serverIds("kube_minions");
  }

  /**
   * Registers Cinder as {@code block-storage} in the catalog until closed, answered by the Nova
   * stand-in (404 for any volume): the Go magnum-auto-healer ends at start without a Cinder in the
   * catalog, and asks it only about attached volumes, which these servers have none of.
   */
  public AutoCloseable cinderInCatalog() {
    String id = keystone.addService("block-storage", "cinder");
    keystone.addEndpoint(id, "public", Identity.REGION, volumeUrl);
    return () -> keystone.delete("/services/" + id);
  }

  /** Stops every process, Magnum first, MariaDB last. */
  @Override
  public void close() {
    proxies.forEach(RecordingProxy::close);
    for (AutoCloseable c : new AutoCloseable[] {magnum, heat, cinder, nova, keystone, rabbit, db}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          System.out.println("[real-openstack] stopping " + c.getClass().getSimpleName() + " failed: " + e);
        }
      }
    }
  }
}
