package io.healer.testkit.openstack;

import com.github.tomakehurst.wiremock.common.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The in-memory OpenStack behind {@link FakeOpenStack}: the model and the request handlers. Every
 * method runs under the instance lock; time-driven transitions (a server that stops, a resize or a
 * stack update that completes) are applied from the clock at the start of each request, so nothing
 * runs on a timer.
 */
final class OpenStackState {

  static final String PROJECT_ID = "0c5a4b1d9e2f4a6b8c7d6e5f4a3b2c1d";
  static final String PROJECT_NAME = "demo";

  /** An HTTP answer of the model. */
  record Answer(int status, String body, Map<String, String> headers) {
    static Answer json(int status, Object body) {
      return new Answer(status, body == null ? "" : Json.write(body), Map.of("Content-Type", "application/json"));
    }

    static Answer empty(int status) {
      return new Answer(status, "", Map.of());
    }
  }

  static final class Server {
    final String id;
    final String name;
    final String address;
    final String cluster;
    String nodeGroup;
    String status = "ACTIVE";
    /** The compute host it runs on; Nova shows it as {@code hostId}, a per-project hash. */
    String host = "compute-1";
    int reboots;
    Instant stopsAt;
    boolean neverStops;
    final List<String> volumes = new ArrayList<>();

    Server(String id, String name, String address, String cluster, String nodeGroup) {
      this.id = id;
      this.name = name;
      this.address = address;
      this.cluster = cluster;
      this.nodeGroup = nodeGroup;
    }
  }

  static final class Volume {
    final String id;
    final boolean bootable;
    String attachedTo;

    Volume(String id, boolean bootable) {
      this.id = id;
      this.bootable = bootable;
    }
  }

  static final class NodeGroup {
    final String uuid;
    final String name;
    final String role;
    final String stackId;
    final String stackName;
    final boolean isDefault;
    int nodeCount;
    /** Magnum's bounds of a resize; new groups have 0 and no maximum, as Magnum's defaults. */
    int minNodeCount;
    Integer maxNodeCount;

    NodeGroup(String uuid, String name, String role, String stackName, String stackId, boolean isDefault) {
      this.uuid = uuid;
      this.name = name;
      this.role = role;
      this.stackName = stackName;
      this.stackId = stackId;
      this.isDefault = isDefault;
    }
  }

  static final class Stack {
    final String id;
    final String name;
    String status = "CREATE_COMPLETE";

    Stack(String id, String name) {
      this.id = id;
      this.name = name;
    }
  }

  static final class Resource {
    final String name;
    final String type;
    String physicalId;
    final Stack stack;
    final Stack root;
    final int depth;
    String status = "CREATE_COMPLETE";
    String statusReason = "";

    Resource(String name, String type, String physicalId, Stack stack, Stack root, int depth) {
      this.name = name;
      this.type = type;
      this.physicalId = physicalId;
      this.stack = stack;
      this.root = root;
      this.depth = depth;
    }
  }

  /** A cluster template, as far as it says which driver Magnum picks for its clusters. */
  static final class Template {
    final String uuid;
    final String name;
    final String distro;
    /** The driver's entry point, shown as {@code driver} (Magnum 2026.2); null: not shown, as before 2026.2. */
    final String driver;

    Template(String uuid, String name, String distro, String driver) {
      this.uuid = uuid;
      this.name = name;
      this.distro = distro;
      this.driver = driver;
    }
  }

  static final class Cluster {
    final String uuid;
    final String name;
    /** The cluster's Heat stack; null for a Cluster API driver's cluster, which has none. */
    final Stack stack;
    /** What Magnum shows as stack_id: the stack's id, or what a Cluster API driver wrote there (may be null). */
    final String stackId;
    final Template template;
    /** The Cluster API driver's entry point, or null for a Heat cluster. */
    final String capiDriver;
    String status = "CREATE_COMPLETE";
    final Map<String, String> labels = new LinkedHashMap<>();
    final Map<String, NodeGroup> nodeGroups = new LinkedHashMap<>();
    String healthStatus = "UNKNOWN";
    Object healthStatusReason = Map.of();
    Instant operationDoneAt;
    Runnable onDone;

    Cluster(String uuid, String name, Stack stack, String stackId, Template template, String capiDriver) {
      this.uuid = uuid;
      this.name = name;
      this.stack = stack;
      this.stackId = stackId;
      this.template = template;
      this.capiDriver = capiDriver;
    }

    boolean usesHeat() {
      return capiDriver == null;
    }
  }

  private record Fault(String method, Pattern path, int status, String message, int[] remaining) {}

  private final Clock clock;
  private final String baseUrl;
  /** Where Heat's lookup by id redirects to: its own URL, or what a proxy in front of it rewrote. */
  String redirectBase;
  private final Map<String, String> passwords = new HashMap<>();
  private final Map<String, String> appCredentials = new HashMap<>();
  private final Map<String, String> trusts = new HashMap<>();
  private final Map<String, Instant> tokens = new HashMap<>();
  final Map<String, Server> servers = new LinkedHashMap<>();
  final Map<String, Volume> volumes = new LinkedHashMap<>();
  final Map<String, Cluster> clusters = new LinkedHashMap<>();
  final Map<String, Stack> stacks = new LinkedHashMap<>();
  final Map<String, Template> templates = new LinkedHashMap<>();
  final List<Resource> resources = new ArrayList<>();
  private final List<Fault> faults = new ArrayList<>();
  final List<RecordedRequest> requests = new ArrayList<>();
  Duration tokenLifetime = Duration.ofHours(1);
  /** The catalog type Cinder is registered under: block-storage, as current devstack and kolla do. */
  String cinderType = "block-storage";
  Duration stopTime = Duration.ofSeconds(20);
  Duration resizeTime = Duration.ofMinutes(5);
  Duration stackUpdateTime = Duration.ofMinutes(10);
  boolean replacementsJoin = true;
  /** Compute hosts' states as {@code host_status} shows them; a host not here is UP. */
  final Map<String, String> hostStates = new HashMap<>();
  /** Whether Nova's policy shows {@code host_status} to healer's user (by default admins only). */
  boolean hostStatusShown = true;
  /** The highest compute microversion this Nova serves (2.x): 2.96 as Nova 2024.1 (Caracal)... */
  int novaMaxMinor = 96;
  private int sequence;
  private int addressSequence = 10;

  OpenStackState(Clock clock, String baseUrl) {
    this.clock = clock;
    this.baseUrl = baseUrl;
    this.redirectBase = baseUrl;
    passwords.put(FakeOpenStack.USERNAME, FakeOpenStack.PASSWORD);
    passwords.put(FakeOpenStack.USER_ID, FakeOpenStack.PASSWORD);
    appCredentials.put(FakeOpenStack.APPLICATION_CREDENTIAL_ID, FakeOpenStack.APPLICATION_CREDENTIAL_SECRET);
    appCredentials.put(FakeOpenStack.APPLICATION_CREDENTIAL_NAME, FakeOpenStack.APPLICATION_CREDENTIAL_SECRET);
    trusts.put(FakeOpenStack.TRUST_ID, PROJECT_ID);
  }

  // --- model building ------------------------------------------------------------------------

  /** Ids are deterministic, so that two runs of a test print the same call log. */
  String newId(int kind) {
    return String.format("%08x-0000-4000-8000-%012d", kind, ++sequence);
  }

  Cluster createCluster(String name, int masters, Map<String, Integer> workerGroups) {
    Stack stack = addStack(newId(0x57ac), name + "-stack");
    // A Heat driver's template as Magnum up to 2026.1 shows it: no driver field.
    Template t = addTemplate(name + "-template", "fedora-coreos", null);
    Cluster c = new Cluster(newId(0xc1), name, stack, stack.id, t, null);
    c.labels.put("auto_healing_enabled", "true");
    c.labels.put("auto_healing_controller", "magnum-auto-healer");
    clusters.put(c.uuid, c);
    addGroup(c, "default-master", "master", stack, true, masters);
    workerGroups.forEach((group, count) -> {
      boolean isDefault = group.equals("default-worker");
      Stack groupStack = isDefault ? stack : addStack(newId(0x57ac), name + "-" + group + "-stack");
      addGroup(c, group, "worker", groupStack, isDefault, count);
    });
    return c;
  }

  /**
   * A cluster of a Cluster API driver: no Heat stack and no Heat resources; {@code stack_id} holds
   * what the driver writes there (magnum-cluster-api: {@code kube-} and five characters;
   * magnum-capi-helm: the name and twelve characters), node groups name no stack.
   */
  Cluster createClusterApiCluster(String name, String driver, boolean templateNamesDriver, int masters,
      Map<String, Integer> workerGroups) {
    String distro = driver.endsWith("flatcar") ? "flatcar" : driver.endsWith("rockylinux") ? "rockylinux" : "ubuntu";
    Template t = addTemplate(name + "-template", distro, templateNamesDriver ? driver : null);
    String suffix = String.format("%012d", ++sequence);
    String stackId = driver.startsWith("k8s_cluster_api_") ? "kube-" + suffix.substring(7)
        : driver.startsWith("k8s_capi_") ? name + "-" + suffix : null;
    Cluster c = new Cluster(newId(0xc1), name, null, stackId, t, driver);
    c.labels.put("auto_healing_enabled", "true");
    c.labels.put("auto_healing_controller", "magnum-auto-healer");
    clusters.put(c.uuid, c);
    addCapiGroup(c, "default-master", "master", true, masters);
    workerGroups.forEach((group, count) -> addCapiGroup(c, group, "worker", group.equals("default-worker"), count));
    return c;
  }

  private void addCapiGroup(Cluster c, String group, String role, boolean isDefault, int count) {
    NodeGroup ng = new NodeGroup(newId(0x96), group, role, null, null, isDefault);
    c.nodeGroups.put(group, ng);
    for (int i = 0; i < count; i++) {
      addCapiNode(c, ng);
    }
    ng.nodeCount = count;
  }

  private Server addCapiNode(Cluster c, NodeGroup ng) {
    int index = (int) servers.values().stream().filter(s -> s.cluster.equals(c.name)).count();
    return addServer(c.name + "-" + ng.name + "-" + index, c.name, ng.name);
  }

  private Template addTemplate(String name, String distro, String driver) {
    Template t = new Template(newId(0x7e), name, distro, driver);
    templates.put(t.uuid, t);
    return t;
  }

  private Stack addStack(String id, String name) {
    Stack s = new Stack(id, name);
    stacks.put(id, s);
    return s;
  }

  private void addGroup(Cluster c, String group, String role, Stack stack, boolean isDefault, int count) {
    NodeGroup ng = new NodeGroup(newId(0x96), group, role, stack.name, stack.id, isDefault);
    c.nodeGroups.put(group, ng);
    String groupResource = role.equals("master") ? "kube_masters" : "kube_minions";
    resources.add(new Resource(groupResource, "OS::Heat::ResourceGroup", newId(0x57ac), stack, stack, 0));
    for (int i = 0; i < count; i++) {
      addNode(c, ng, stack);
    }
    ng.nodeCount = count;
  }

  Server addNode(Cluster c, NodeGroup ng, Stack root) {
    int index = (int) servers.values().stream().filter(s -> s.cluster.equals(c.name)).count();
    String kind = ng.role.equals("master") ? "master" : "node";
    Server s = addServer(c.name + "-" + kind + "-" + index, c.name, ng.name);
    Stack member = addStack(newId(0x57ac), root.name + "-" + (ng.role.equals("master") ? "kube_masters" : "kube_minions")
        + "-" + index);
    String resource = ng.role.equals("master") ? "kube-master" : "kube-minion";
    resources.add(new Resource(resource, "OS::Nova::Server", s.id, member, root, 2));
    return s;
  }

  Server addServer(String name, String cluster, String group) {
    Server s = new Server(newId(0x5e), name, "10.0.0." + addressSequence++, cluster, group);
    servers.put(s.id, s);
    return s;
  }

  Volume addVolume(String serverId, boolean bootable) {
    Server s = server(serverId);
    Volume v = new Volume(newId(0x70), bootable);
    v.attachedTo = s.id;
    volumes.put(v.id, v);
    s.volumes.add(v.id);
    if (bootable) {
      Resource server = resources.stream().filter(r -> r.physicalId.equals(serverId)).findFirst().orElseThrow();
      resources.add(new Resource("kube_node_volume", "OS::Cinder::Volume", v.id, server.stack, server.root, 2));
    }
    return v;
  }

  Server server(String id) {
    Server s = servers.get(id);
    if (s == null) {
      throw new IllegalArgumentException("no server " + id);
    }
    return s;
  }

  Cluster cluster(String ident) {
    return findCluster(ident).orElseThrow(() -> new IllegalArgumentException("no cluster " + ident));
  }

  Optional<Cluster> findCluster(String ident) {
    return clusters.values().stream().filter(c -> c.uuid.equals(ident) || c.name.equals(ident)).findFirst();
  }

  void fail(String method, String pathRegex, int status, String message, int times) {
    faults.add(new Fault(method, Pattern.compile(pathRegex), status, message, new int[] {times}));
  }

  void revokeTokens() {
    tokens.clear();
  }

  // --- time ------------------------------------------------------------------------------------

  void tick() {
    Instant now = clock.instant();
    for (Server s : servers.values()) {
      if (s.stopsAt != null && !now.isBefore(s.stopsAt) && s.status.equals("ACTIVE")) {
        s.status = "SHUTOFF";
        s.stopsAt = null;
      }
    }
    for (Cluster c : clusters.values()) {
      if (c.operationDoneAt != null && !now.isBefore(c.operationDoneAt)) {
        c.operationDoneAt = null;
        Runnable done = c.onDone;
        c.onDone = null;
        done.run();
      }
    }
  }

  // --- HTTP ------------------------------------------------------------------------------------

  private static final Pattern SERVER = Pattern.compile("/compute/v2\\.1/servers/([^/]+)");
  private static final Pattern SERVER_ACTION = Pattern.compile("/compute/v2\\.1/servers/([^/]+)/action");
  private static final Pattern ATTACHMENTS = Pattern.compile("/compute/v2\\.1/servers/([^/]+)/os-volume_attachments");
  private static final Pattern ATTACHMENT =
      Pattern.compile("/compute/v2\\.1/servers/([^/]+)/os-volume_attachments/([^/]+)");
  private static final Pattern VOLUME = Pattern.compile("/volume/v3/[^/]+/volumes/([^/]+)");
  private static final Pattern CLUSTER = Pattern.compile("/magnum/v1/clusters/([^/]+)");
  private static final Pattern NODEGROUPS = Pattern.compile("/magnum/v1/clusters/([^/]+)/nodegroups");
  private static final Pattern NODEGROUP = Pattern.compile("/magnum/v1/clusters/([^/]+)/nodegroups/([^/]+)");
  private static final Pattern RESIZE = Pattern.compile("/magnum/v1/clusters/([^/]+)/actions/resize");
  private static final Pattern TEMPLATE = Pattern.compile("/magnum/v1/clustertemplates/([^/]+)");
  private static final Pattern STACK_BY_ID = Pattern.compile("/heat/v1/[^/]+/stacks/([^/]+)");
  private static final Pattern STACK = Pattern.compile("/heat/v1/[^/]+/stacks/([^/]+)/([^/]+)");
  private static final Pattern STACK_RESOURCES = Pattern.compile("/heat/v1/[^/]+/stacks/([^/]+)/([^/]+)/resources");
  /** The cluster named by a Magnum path, as a name or uuid. */
  private static final Pattern MAGNUM_CLUSTER_IDENT = Pattern.compile("/magnum/v1/clusters/([^/]+)");
  private static final Pattern STACK_RESOURCE =
      Pattern.compile("/heat/v1/[^/]+/stacks/([^/]+)/([^/]+)/resources/([^/]+)");

  synchronized Answer handle(String method, String path, String query, String body, Map<String, String> headers) {
    tick();
    Answer answer = canned(method, path).orElseGet(() -> altered(method, path, dispatch(method, path, query, body,
        headers)));
    String recorded = path.equals("/identity/v3/auth/tokens") ? identityMethods(body) : body;
    requests.add(new RecordedRequest(method, path, query, recorded == null ? "" : recorded, answer.status()));
    return answer;
  }

  private Answer dispatch(String method, String path, String query, String body, Map<String, String> headers) {
    for (Fault f : faults) {
      if (f.remaining()[0] > 0 && f.method().equals(method) && f.path().matcher(path).matches()) {
        f.remaining()[0]--;
        return error(path, f.status(), f.message());
      }
    }
    if (path.equals("/identity/v3/auth/tokens") && method.equals("POST")) {
      return issueToken(body);
    }
    String token = headers.get("x-auth-token");
    Instant expiry = token == null ? null : tokens.get(token);
    if (expiry == null || !clock.instant().isBefore(expiry)) {
      return error(path, 401, "The request you have made requires authentication.");
    }
    Matcher named = MAGNUM_CLUSTER_IDENT.matcher(path);
    if (named.lookingAt() && clusters.values().stream().filter(c -> c.name.equals(named.group(1))).count() > 1) {
      return error(path, 409, "Multiple clusters exist with same name. Please use the cluster uuid instead.");
    }
    if (path.startsWith("/magnum/") && !magnumVersionServed(headers)) {
      // Magnum 15 (Zed) serves 1.1 to 1.10 and refuses a newer microversion on every request.
      return error(path, 406, "Version " + headers.get("openstack-api-version") + " was requested but the minor"
          + " version is not supported by this service. The supported version range is: [1.1, 1.10].");
    }
    Matcher m;
    Map<String, Object> json = body == null || !body.strip().startsWith("{") ? Map.of() : parse(body);
    if ((m = SERVER_ACTION.matcher(path)).matches() && method.equals("POST")) {
      return serverAction(m.group(1), json);
    }
    if ((m = ATTACHMENT.matcher(path)).matches() && method.equals("DELETE")) {
      return detach(m.group(1), m.group(2));
    }
    if ((m = ATTACHMENTS.matcher(path)).matches() && method.equals("GET")) {
      return attachments(m.group(1));
    }
    if ((m = SERVER.matcher(path)).matches() && method.equals("GET")) {
      int minor = novaMinor(headers);
      if (minor > novaMaxMinor) {
        return error(path, 406, "Version 2." + minor + " is not supported by the API. Minimum is 2.1 and maximum is 2."
            + novaMaxMinor + ".");
      }
      Server s = servers.get(m.group(1));
      return s == null || s.status.equals("DELETED") ? notFound(path)
          : Answer.json(200, Map.of("server", serverJson(s, minor)));
    }
    if ((m = VOLUME.matcher(path)).matches() && method.equals("GET")) {
      Volume v = volumes.get(m.group(1));
      return v == null ? notFound(path) : Answer.json(200, Map.of("volume", volumeJson(v)));
    }
    if ((m = RESIZE.matcher(path)).matches() && method.equals("POST")) {
      return magnumVersionOk(headers) ? resize(m.group(1), json) : error(path, 406, "resize needs container-infra 1.7");
    }
    if ((m = NODEGROUP.matcher(path)).matches() && method.equals("GET")) {
      return magnumVersionOk(headers) ? nodeGroup(m.group(1), m.group(2), true) : error(path, 406, "node groups need 1.9");
    }
    if ((m = NODEGROUPS.matcher(path)).matches() && method.equals("GET")) {
      return magnumVersionOk(headers) ? nodeGroups(m.group(1)) : error(path, 406, "node groups need 1.9");
    }
    if ((m = TEMPLATE.matcher(path)).matches() && method.equals("GET")) {
      String ident = m.group(1);
      Template t = templates.values().stream().filter(x -> x.uuid.equals(ident) || x.name.equals(ident))
          .findFirst().orElse(null);
      return t == null ? error("/magnum", 404, "ClusterTemplate " + ident + " could not be found.")
          : Answer.json(200, templateJson(t));
    }
    if ((m = CLUSTER.matcher(path)).matches()) {
      Optional<Cluster> c = findCluster(m.group(1));
      if (c.isEmpty()) {
        return clusterNotFound(m.group(1));
      }
      if (method.equals("GET")) {
        return Answer.json(200, clusterJson(c.get()));
      }
      if (method.equals("PATCH")) {
        return patchCluster(c.get(), body);
      }
    }
    if ((m = STACK_RESOURCE.matcher(path)).matches() && method.equals("PATCH")) {
      return markUnhealthy(m.group(2), m.group(3), json);
    }
    if ((m = STACK_RESOURCES.matcher(path)).matches() && method.equals("GET")) {
      return stackResources(m.group(2), query);
    }
    if ((m = STACK.matcher(path)).matches()) {
      Stack s = stacks.get(m.group(2));
      if (s == null || !s.name.equals(m.group(1))) {
        return stackNotFound(path, m.group(1));
      }
      if (method.equals("GET")) {
        return Answer.json(200, Map.of("stack", stackJson(s)));
      }
      if (method.equals("PATCH")) {
        return updateStack(s);
      }
    }
    if ((m = STACK_BY_ID.matcher(path)).matches() && method.equals("GET")) {
      // Heat answers a lookup by id alone with a redirect to the stack's canonical URL.
      Stack s = stacks.get(m.group(1));
      return s == null ? stackNotFound(path, m.group(1))
          : new Answer(302, "", Map.of("Location", redirectBase + stackPath(s)));
    }
    return error(path, 404, "The resource could not be found: " + method + " " + path);
  }

  // --- Keystone --------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private Answer issueToken(String body) {
    Map<String, Object> auth = (Map<String, Object>) parse(body).getOrDefault("auth", Map.of());
    Map<String, Object> identity = (Map<String, Object>) auth.getOrDefault("identity", Map.of());
    List<String> methods = (List<String>) identity.getOrDefault("methods", List.of());
    boolean valid;
    if (methods.equals(List.of("password"))) {
      Map<String, Object> user = (Map<String, Object>) ((Map<String, Object>) identity.get("password")).get("user");
      String who = (String) (user.get("id") != null ? user.get("id") : user.get("name"));
      boolean domainGiven = user.get("id") != null || user.get("domain") != null;
      valid = domainGiven && FakeOpenStack.PASSWORD.equals(user.get("password")) && passwords.containsKey(who);
      valid &= projectScopeValid((Map<String, Object>) auth.get("scope"));
    } else if (methods.equals(List.of("application_credential"))) {
      Map<String, Object> cred = (Map<String, Object>) identity.get("application_credential");
      String who = (String) (cred.get("id") != null ? cred.get("id") : cred.get("name"));
      boolean userGiven = cred.get("id") != null || cred.get("user") != null;
      // Keystone refuses a scope with application credentials: they carry their own project.
      valid = userGiven && auth.get("scope") == null && appCredentials.containsKey(who)
          && appCredentials.get(who).equals(cred.get("secret"));
    } else {
      valid = false;
    }
    if (!valid) {
      return error("/identity", 401, "The request you have made requires authentication.");
    }
    String token = "gAAAAA" + newId(0x70c).replace("-", "");
    Instant expiry = clock.instant().plus(tokenLifetime);
    tokens.put(token, expiry);
    Map<String, Object> tokenJson = new LinkedHashMap<>();
    tokenJson.put("methods", methods);
    tokenJson.put("expires_at", expiry.toString());
    tokenJson.put("issued_at", clock.instant().toString());
    tokenJson.put("project", Map.of("id", PROJECT_ID, "name", PROJECT_NAME, "domain", Map.of("id", "default")));
    tokenJson.put("catalog", List.of(
        service("identity", "keystone", "/identity/v3"),
        service("compute", "nova", "/compute/v2.1"),
        service(cinderType, "cinder", "/volume/v3/" + PROJECT_ID),
        service("container-infra", "magnum", "/magnum/v1"),
        service("orchestration", "heat", "/heat/v1/" + PROJECT_ID)));
    return new Answer(201, Json.write(Map.of("token", tokenJson)),
        Map.of("Content-Type", "application/json", "X-Subject-Token", token));
  }

  @SuppressWarnings("unchecked")
  private boolean projectScopeValid(Map<String, Object> scope) {
    if (scope == null) {
      return false;
    }
    if (scope.get("OS-TRUST:trust") instanceof Map<?, ?> trust) {
      return trusts.containsKey(trust.get("id"));
    }
    Map<String, Object> project = (Map<String, Object>) scope.get("project");
    if (project == null) {
      return false;
    }
    return PROJECT_ID.equals(project.get("id"))
        || (PROJECT_NAME.equals(project.get("name")) && project.get("domain") != null);
  }

  private Map<String, Object> service(String type, String name, String path) {
    List<Map<String, Object>> endpoints = new ArrayList<>();
    for (String iface : List.of("public", "internal")) {
      endpoints.add(Map.of("interface", iface, "region", FakeOpenStack.REGION, "region_id", FakeOpenStack.REGION,
          "url", baseUrl + path, "id", newId(0xe9)));
    }
    // A second region whose endpoints go nowhere: a provider must pick its own region's.
    endpoints.add(Map.of("interface", "public", "region", "OtherRegion", "region_id", "OtherRegion",
        "url", "http://127.0.0.1:9/" + name, "id", newId(0xe9)));
    return Map.of("type", type, "name", name, "id", newId(0x5c), "endpoints", endpoints);
  }

  @SuppressWarnings("unchecked")
  private static String identityMethods(String body) {
    try {
      Map<String, Object> auth = (Map<String, Object>) parse(body).getOrDefault("auth", Map.of());
      Map<String, Object> identity = (Map<String, Object>) auth.getOrDefault("identity", Map.of());
      return Json.write(Map.of("methods", identity.getOrDefault("methods", List.of())));
    } catch (RuntimeException e) {
      return "<unreadable>";
    }
  }

  // --- Nova and Cinder -------------------------------------------------------------------------

  private Answer serverAction(String id, Map<String, Object> json) {
    Server s = servers.get(id);
    if (s == null || s.status.equals("DELETED")) {
      return notFound("/compute/v2.1/servers/" + id);
    }
    if (json.containsKey("reboot")) {
      boolean hard = json.get("reboot") instanceof Map<?, ?> r && "HARD".equals(r.get("type"));
      // Nova's check_instance_state: soft from ACTIVE only; hard also from stopped, error, paused, suspended.
      boolean allowed = s.status.equals("ACTIVE")
          || (hard && List.of("SHUTOFF", "ERROR", "PAUSED", "SUSPENDED").contains(s.status));
      if (!allowed) {
        return error("/compute", 409, "Cannot 'reboot' instance " + id + " while it is in vm_state " + s.status);
      }
      s.reboots++;
      if (hard) {
        // A hard reboot powers a stopped server on.
        s.status = "ACTIVE";
        s.stopsAt = null;
      }
      return Answer.empty(202);
    }
    if (json.containsKey("os-stop")) {
      if (!s.status.equals("ACTIVE")) {
        return error("/compute", 409, "Cannot 'stop' instance " + id + " while it is in vm_state " + s.status);
      }
      s.stopsAt = s.neverStops ? null : clock.instant().plus(stopTime);
      return Answer.empty(202);
    }
    if (json.containsKey("forceDelete")) {
      deleteServer(s);
      return Answer.empty(202);
    }
    return error("/compute", 400, "unsupported action " + json.keySet());
  }

  private void deleteServer(Server s) {
    s.status = "DELETED";
    for (String v : s.volumes) {
      volumes.get(v).attachedTo = null;
    }
    s.volumes.clear();
  }

  private Answer attachments(String id) {
    Server s = servers.get(id);
    if (s == null || s.status.equals("DELETED")) {
      return notFound("/compute/v2.1/servers/" + id);
    }
    List<Map<String, Object>> list = new ArrayList<>();
    int device = 0;
    for (String v : s.volumes) {
      list.add(Map.of("id", v, "volumeId", v, "serverId", id, "device", "/dev/vd" + (char) ('a' + device++)));
    }
    return Answer.json(200, Map.of("volumeAttachments", list));
  }

  private Answer detach(String serverId, String volumeId) {
    Server s = servers.get(serverId);
    Volume v = volumes.get(volumeId);
    if (s == null || v == null || !s.volumes.contains(volumeId)) {
      return notFound("/compute/v2.1/servers/" + serverId + "/os-volume_attachments/" + volumeId);
    }
    if (v.bootable) {
      return error("/compute", 400, "Cannot detach a root device volume");
    }
    s.volumes.remove(volumeId);
    v.attachedTo = null;
    return Answer.empty(202);
  }

  /**
   * The compute microversion asked for: {@code OpenStack-API-Version: compute 2.x} or the older
   * {@code X-OpenStack-Nova-API-Version: 2.x}; 2.1 without either, the maximum for {@code latest}.
   */
  private int novaMinor(Map<String, String> headers) {
    Matcher m = Pattern.compile("compute\\s+(latest|2\\.(\\d+))").matcher(headers.getOrDefault("openstack-api-version", ""));
    if (m.find()) {
      return m.group(1).equals("latest") ? novaMaxMinor : Integer.parseInt(m.group(2));
    }
    m = Pattern.compile("(latest|2\\.(\\d+))").matcher(headers.getOrDefault("x-openstack-nova-api-version", ""));
    if (m.find()) {
      return m.group(1).equals("latest") ? novaMaxMinor : Integer.parseInt(m.group(2));
    }
    return 1;
  }

  /** Nova's {@code hostId}: the SHA-224 of the project id and the host's name, in hex. */
  static String hostId(String host) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-224")
          .digest((PROJECT_ID + host).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, Object> serverJson(Server s) {
    return serverJson(s, 1);
  }

  private Map<String, Object> serverJson(Server s, int minor) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", s.id);
    json.put("name", s.name);
    json.put("status", s.status);
    json.put("hostId", hostId(s.host));
    json.put("OS-EXT-AZ:availability_zone", "nova");
    if (minor >= 16 && hostStatusShown) {
      json.put("host_status", hostStates.getOrDefault(s.host, "UP"));
    }
    json.put("addresses", Map.of("private", List.of(Map.of("addr", s.address, "version", 4))));
    json.put("os-extended-volumes:volumes_attached", s.volumes.stream().map(v -> Map.of("id", v)).toList());
    return json;
  }

  private Map<String, Object> volumeJson(Volume v) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", v.id);
    json.put("bootable", String.valueOf(v.bootable));
    json.put("status", v.attachedTo == null ? "available" : "in-use");
    json.put("attachments", v.attachedTo == null ? List.of() : List.of(Map.of("server_id", v.attachedTo)));
    return json;
  }

  // --- Magnum ----------------------------------------------------------------------------------

  /** Whether the microversion asked for, if any, is one Magnum 15 serves: 1.1 to 1.10, or latest (1.10). */
  private static boolean magnumVersionServed(Map<String, String> headers) {
    String v = headers.getOrDefault("openstack-api-version", "");
    Matcher m = Pattern.compile("container-infra (\\d+)\\.(\\d+)").matcher(v);
    return !m.find() || (Integer.parseInt(m.group(1)) == 1 && Integer.parseInt(m.group(2)) <= 10);
  }

  private static boolean magnumVersionOk(Map<String, String> headers) {
    String v = headers.getOrDefault("openstack-api-version", "");
    Matcher m = Pattern.compile("container-infra (latest|1\\.(\\d+))").matcher(v);
    return m.find() && (m.group(1).equals("latest") || Integer.parseInt(m.group(2)) >= 9);
  }

  private Map<String, Object> clusterJson(Cluster c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("uuid", c.uuid);
    json.put("name", c.name);
    json.put("status", c.status);
    json.put("stack_id", c.stackId);
    json.put("cluster_template_id", c.template.uuid);
    json.put("labels", new LinkedHashMap<>(c.labels));
    json.put("master_count", c.nodeGroups.values().stream().filter(g -> g.role.equals("master"))
        .mapToInt(g -> g.nodeCount).sum());
    json.put("node_count", c.nodeGroups.values().stream().filter(g -> !g.role.equals("master"))
        .mapToInt(g -> g.nodeCount).sum());
    json.put("health_status", c.healthStatus);
    json.put("health_status_reason", c.healthStatusReason);
    return json;
  }

  private static Map<String, Object> templateJson(Template t) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("uuid", t.uuid);
    json.put("name", t.name);
    json.put("coe", "kubernetes");
    json.put("server_type", "vm");
    json.put("cluster_distro", t.distro);
    if (t.driver != null) {
      json.put("driver", t.driver);
    }
    json.put("labels", Map.of());
    return json;
  }

  /**
   * Magnum's cluster PATCH as Magnum 15 applies it: a value must be a string or an integer (400
   * otherwise); the reason's text is read back into the dict Magnum stores; and the update is a
   * cast the conductor drops unless the cluster is {@code *_COMPLETE} — the API has said 202.
   */
  @SuppressWarnings("unchecked")
  private Answer patchCluster(Cluster c, String body) {
    List<Map<String, Object>> ops = Json.read(body, List.class);
    String status = null;
    Object reason = null;
    for (Map<String, Object> op : ops) {
      if (!"replace".equals(op.get("op"))) {
        return error("/magnum", 400, "unsupported op " + op.get("op"));
      }
      Object value = op.get("value");
      if (!(value instanceof String) && !(value instanceof Integer)) {
        return error("/magnum", 400, "Invalid input for field/attribute value. Value: '" + value
            + "'. Value should be one of: str, int");
      }
      switch (String.valueOf(op.get("path"))) {
        case "/health_status" -> status = String.valueOf(value);
        case "/health_status_reason" -> {
          reason = dictOf(String.valueOf(value));
          if (reason == null) {
            return error("/magnum", 400, "health_status_reason is not a dict: " + value);
          }
        }
        default -> {
          return error("/magnum", 400, "the fake patches only the health status, not " + op.get("path"));
        }
      }
    }
    if (c.status.endsWith("_COMPLETE")) {
      c.healthStatus = status == null ? c.healthStatus : status;
      c.healthStatusReason = reason == null ? c.healthStatusReason : reason;
    }
    return Answer.json(202, Map.of("uuid", c.uuid));
  }

  /** The dict Magnum's ast.literal_eval reads from JSON text or a Python literal of strings; null if none. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> dictOf(String text) {
    for (String candidate : List.of(text, text.replace('\'', '"'))) {
      try {
        Object parsed = Json.read(candidate, Object.class);
        if (parsed instanceof Map<?, ?> m) {
          return (Map<String, Object>) m;
        }
      } catch (RuntimeException e) {
        // not this spelling
      }
    }
    return null;
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  private Answer nodeGroups(String ident) {
    Optional<Cluster> c = findCluster(ident);
    if (c.isEmpty()) {
      return clusterNotFound(ident);
    }
    List<Map<String, Object>> list = new ArrayList<>();
    for (NodeGroup g : c.get().nodeGroups.values()) {
      list.add(nodeGroupJson(c.get(), g, false));
    }
    return Answer.json(200, Map.of("nodegroups", list));
  }

  private Answer nodeGroup(String ident, String group, boolean detail) {
    Optional<Cluster> c = findCluster(ident);
    Optional<NodeGroup> g = c.flatMap(cl -> cl.nodeGroups.values().stream()
        .filter(n -> n.name.equals(group) || n.uuid.equals(group)).findFirst());
    return g.isEmpty() ? notFound("/magnum/v1/clusters/" + ident + "/nodegroups/" + group)
        : Answer.json(200, nodeGroupJson(c.get(), g.get(), detail));
  }

  private Map<String, Object> nodeGroupJson(Cluster c, NodeGroup g, boolean detail) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("uuid", g.uuid);
    json.put("name", g.name);
    json.put("role", g.role);
    json.put("node_count", g.nodeCount);
    json.put("is_default", g.isDefault);
    json.put("stack_id", g.stackId);
    json.put("status", c.status);
    if (detail) {
      // The Heat drivers fill node_addresses from the stack's outputs; without a stack the fake lists none.
      json.put("node_addresses", c.usesHeat() ? members(c, g).stream().map(s -> s.address).toList() : List.of());
      json.put("min_node_count", g.minNodeCount);
      json.put("max_node_count", g.maxNodeCount);
    } else {
      // Magnum's list leaves the bounds unset, which its API type shows as these defaults.
      json.put("min_node_count", 0);
      json.put("max_node_count", null);
    }
    return json;
  }

  List<Server> members(Cluster c, NodeGroup g) {
    return servers.values().stream()
        .filter(s -> s.cluster.equals(c.name) && g.name.equals(s.nodeGroup) && !s.status.equals("DELETED"))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private Answer resize(String ident, Map<String, Object> json) {
    Optional<Cluster> found = findCluster(ident);
    if (found.isEmpty()) {
      return clusterNotFound(ident);
    }
    Cluster c = found.get();
    String groupName = (String) json.getOrDefault("nodegroup", "default-worker");
    NodeGroup g = c.nodeGroups.get(groupName);
    if (g == null || g.role.equals("master") || !(json.get("node_count") instanceof Number count)) {
      return error("/magnum", 400, "invalid resize: " + Json.write(json));
    }
    if (count.intValue() < g.minNodeCount || (g.maxNodeCount != null && count.intValue() > g.maxNodeCount)) {
      return error("/magnum", 400, "Resizing " + g.name + " outside the allowed range: min_node_count = "
          + g.minNodeCount + ", max_node_count = " + g.maxNodeCount);
    }
    List<String> remove = (List<String>) json.getOrDefault("nodes_to_remove", List.of());
    List<String> memberIds = members(c, g).stream().map(s -> s.id).toList();
    if (!c.usesHeat()) {
      return resizeClusterApi(c, g, count.intValue(), remove, memberIds);
    }
    if (!memberIds.containsAll(remove)) {
      return error("/magnum", 400, "nodes_to_remove " + remove + " are not all in node group " + groupName);
    }
    if (c.status.endsWith("_IN_PROGRESS") && !c.status.equals("UPDATE_IN_PROGRESS")) {
      // The API casts and says 202; Magnum's conductor refuses a resize in any other busy state.
      return Answer.json(202, Map.of("uuid", c.uuid));
    }
    c.status = "UPDATE_IN_PROGRESS";
    stacks.get(g.stackId).status = "UPDATE_IN_PROGRESS";
    int target = count.intValue();
    // During another update Magnum and Heat accept it (202) and run both: the later ends last.
    Runnable earlier = c.onDone;
    c.operationDoneAt = later(c.operationDoneAt, clock.instant().plus(resizeTime));
    c.onDone = () -> {
      if (earlier != null) {
        earlier.run();
      }
      for (String id : remove) {
        Server s = servers.get(id);
        deleteServer(s);
        resources.removeIf(r -> r.physicalId.equals(id));
      }
      Stack root = stacks.get(g.stackId);
      for (int have = members(c, g).size(); have < target && replacementsJoin; have++) {
        addNode(c, g, root);
      }
      g.nodeCount = target;
      root.status = "UPDATE_COMPLETE";
      c.status = "UPDATE_COMPLETE";
    };
    return Answer.json(202, Map.of("uuid", c.uuid));
  }

  /**
   * A Cluster API driver's resize: magnum-cluster-api marks the group's Machines whose server is in
   * nodes_to_remove for deletion (others are ignored) and scales to node_count; magnum-capi-helm
   * ignores nodes_to_remove and only scales, so a resize to the same count replaces nothing.
   */
  private Answer resizeClusterApi(Cluster c, NodeGroup g, int target, List<String> remove, List<String> memberIds) {
    boolean honoursRemove = c.capiDriver.startsWith("k8s_cluster_api_");
    c.status = "UPDATE_IN_PROGRESS";
    Runnable earlier = c.onDone;
    c.operationDoneAt = later(c.operationDoneAt, clock.instant().plus(resizeTime));
    c.onDone = () -> {
      if (earlier != null) {
        earlier.run();
      }
      if (honoursRemove) {
        remove.stream().filter(memberIds::contains).forEach(id -> deleteServer(servers.get(id)));
      }
      List<Server> left = members(c, g);
      for (int i = left.size() - 1; i >= target; i--) {
        deleteServer(left.get(i));
      }
      for (int have = members(c, g).size(); have < target && replacementsJoin; have++) {
        addCapiNode(c, g);
      }
      g.nodeCount = target;
      c.status = "UPDATE_COMPLETE";
    };
    return Answer.json(202, Map.of("uuid", c.uuid));
  }

  // --- Heat ------------------------------------------------------------------------------------

  private Map<String, Object> stackJson(Stack s) {
    return Map.of("id", s.id, "stack_name", s.name, "stack_status", s.status,
        "links", List.of(Map.of("rel", "self", "href", stackUrl(s))));
  }

  private String stackUrl(Stack s) {
    return baseUrl + stackPath(s);
  }

  private static String stackPath(Stack s) {
    return "/heat/v1/" + PROJECT_ID + "/stacks/" + s.name + "/" + s.id;
  }

  private Answer stackResources(String stackId, String query) {
    Stack root = stacks.get(stackId);
    if (root == null) {
      return notFound("/heat/stacks/" + stackId);
    }
    Matcher m = Pattern.compile("nested_depth=(\\d+)").matcher(query == null ? "" : query);
    int depth = m.find() ? Integer.parseInt(m.group(1)) : 0;
    List<Map<String, Object>> list = new ArrayList<>();
    for (Resource r : resources) {
      if (r.root == root && r.depth <= depth) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resource_name", r.name);
        json.put("resource_type", r.type);
        json.put("physical_resource_id", r.physicalId);
        json.put("resource_status", r.status);
        json.put("resource_status_reason", r.statusReason);
        json.put("links", List.of(
            Map.of("rel", "self", "href", stackUrl(r.stack) + "/resources/" + r.name),
            Map.of("rel", "stack", "href", stackUrl(r.stack))));
        list.add(json);
      }
    }
    return Answer.json(200, Map.of("resources", list));
  }

  private Answer markUnhealthy(String stackId, String name, Map<String, Object> json) {
    Stack s = stacks.get(stackId);
    Optional<Resource> r = resources.stream()
        .filter(x -> x.stack == s && (x.name.equals(name) || x.physicalId.equals(name))).findFirst();
    if (r.isEmpty()) {
      return notFound("/heat/stacks/" + stackId + "/resources/" + name);
    }
    if (!Boolean.TRUE.equals(json.get("mark_unhealthy"))) {
      return error("/heat", 400, "mark_unhealthy must be true");
    }
    r.get().status = "CHECK_FAILED";
    r.get().statusReason = String.valueOf(json.getOrDefault("resource_status_reason", ""));
    return Answer.empty(200);
  }

  private Answer updateStack(Stack s) {
    Cluster c = clusters.values().stream().filter(x -> x.stack == s).findFirst().orElse(null);
    if (c == null) {
      return error("/heat", 409, "Stack " + s.name + " belongs to no cluster of the fake.");
    }
    s.status = "UPDATE_IN_PROGRESS";
    c.status = "UPDATE_IN_PROGRESS";
    // A PATCH during another update is 202 on Heat 19 and both run (no 409).
    Runnable earlier = c.onDone;
    c.operationDoneAt = later(c.operationDoneAt, clock.instant().plus(stackUpdateTime));
    c.onDone = () -> {
      if (earlier != null) {
        earlier.run();
      }
      for (Resource r : List.copyOf(resources)) {
        if (r.root == s && r.status.equals("CHECK_FAILED")) {
          if (r.type.equals("OS::Nova::Server")) {
            Server old = servers.get(r.physicalId);
            if (!old.status.equals("DELETED")) {
              deleteServer(old);
            }
            if (replacementsJoin) {
              Server fresh = addServer(old.name, old.cluster, old.nodeGroup);
              r.physicalId = fresh.id;
            }
          } else {
            r.physicalId = newId(0x70);
          }
          r.status = "UPDATE_COMPLETE";
        }
      }
      s.status = "UPDATE_COMPLETE";
      c.status = "UPDATE_COMPLETE";
    };
    return Answer.empty(202);
  }

  // --- broken answers: what a proxy, a cut connection or a misconfigured Keystone sends -------

  /** A raw answer served instead of the model's, {@code remaining[0]} more times. */
  private record Canned(String method, Pattern path, Answer answer, int[] remaining) {}

  /** The model's answer with its body cut to {@code keep} characters, {@code remaining[0]} more times. */
  private record Cut(String method, Pattern path, int keep, int[] remaining) {}

  private final List<Canned> canned = new ArrayList<>();
  private final List<Cut> cuts = new ArrayList<>();
  /** How tokens carry the catalog: "full", "empty" ([]) or "absent" (no key, as with ?nocatalog). */
  String tokenCatalog = "full";

  void answerNext(String method, String pathRegex, Answer answer, int times) {
    canned.add(new Canned(method, Pattern.compile(pathRegex), answer, new int[] {times}));
  }

  void cutNext(String method, String pathRegex, int keep, int times) {
    cuts.add(new Cut(method, Pattern.compile(pathRegex), keep, new int[] {times}));
  }

  private Optional<Answer> canned(String method, String path) {
    for (Canned c : canned) {
      if (c.remaining()[0] > 0 && c.method().equals(method) && c.path().matcher(path).matches()) {
        c.remaining()[0]--;
        return Optional.of(c.answer());
      }
    }
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private Answer altered(String method, String path, Answer answer) {
    Answer a = answer;
    if (!tokenCatalog.equals("full") && path.equals("/identity/v3/auth/tokens") && a.status() == 201) {
      Map<String, Object> body = new LinkedHashMap<>(parse(a.body()));
      Map<String, Object> token = new LinkedHashMap<>((Map<String, Object>) body.get("token"));
      if (tokenCatalog.equals("empty")) {
        token.put("catalog", List.of());
      } else {
        token.remove("catalog");
      }
      body.put("token", token);
      a = new Answer(a.status(), Json.write(body), a.headers());
    }
    for (Cut c : cuts) {
      if (c.remaining()[0] > 0 && c.method().equals(method) && c.path().matcher(path).matches()) {
        c.remaining()[0]--;
        return new Answer(a.status(), a.body().substring(0, Math.min(c.keep(), a.body().length())), a.headers());
      }
    }
    return a;
  }

  // --- helpers ---------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String body) {
    return Json.read(body, Map.class);
  }

  private static Answer stackNotFound(String path, String ident) {
    return error(path, 404, "The Stack (" + ident + ") could not be found.");
  }

  /** Magnum's ClusterNotFound. */
  private static Answer clusterNotFound(String ident) {
    return error("/magnum", 404, "Cluster " + ident + " could not be found.");
  }

  private static Answer notFound(String path) {
    return error(path, 404, "Not found: " + path);
  }

  private static String heatTitle(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      default -> "Internal Server Error";
    };
  }

  /** Each service words its errors its own way; a provider must read them all. */
  private static Answer error(String path, int status, String message) {
    if (path.startsWith("/magnum")) {
      return Answer.json(status, Map.of("errors", List.of(
          Map.of("status", status, "code", "client", "title", message, "detail", message))));
    }
    if (path.startsWith("/heat")) {
      // Heat's fault: the top-level title is only the status's name; the text is in error.message.
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("type", status == 404 ? "EntityNotFound" : "HTTPError");
      error.put("traceback", null);
      error.put("message", message);
      return Answer.json(status, Map.of("code", status, "title", heatTitle(status),
          "explanation", "The server could not comply with the request.", "error", error));
    }
    if (path.startsWith("/compute")) {
      String key = status == 404 ? "itemNotFound" : status == 409 ? "conflictingRequest" : "badRequest";
      return Answer.json(status, Map.of(key, Map.of("code", status, "message", message)));
    }
    return Answer.json(status, Map.of("error", Map.of("code", status, "message", message, "title", "Error")));
  }
}
