package io.healer.integration.openstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nova is too heavy to run here (it needs placement, Glance, Neutron and a hypervisor), so this
 * answers the calls the provider makes the way the compute API reference says, behind the real
 * Keystone: a request passes only with a token Keystone validates, as with keystonemiddleware. It
 * knows the servers the test registers (the Heat stack's server resources).
 *
 * <ul>
 *   <li>{@code GET /v2.1/servers/{id}}: the server, or 404 {@code itemNotFound}. As Nova's server
 *       view builds it: {@code hostId} in every microversion, for every user (the SHA-224, in hex,
 *       of the server's project id followed by its compute host's name; {@code ""} for a server
 *       without a host), and from microversion 2.16 {@code host_status} ({@code UP}, {@code DOWN},
 *       {@code MAINTENANCE}, {@code UNKNOWN}, {@code ""} without a host) only where the policy
 *       {@code os_compute_api:servers:show:host_status} allows: by default a token with the role
 *       {@code admin}. The microversion is read from {@code OpenStack-API-Version: compute 2.x}, else
 *       {@code X-OpenStack-Nova-API-Version: 2.x} ({@code latest} is {@link #MAX_MINOR}); 2.1
 *       without either; one above the maximum is 406, one of another form 400, as Nova answers. The
 *       version served is in the answer's headers, as Nova sends them.
 *   <li>{@code POST /v2.1/servers/{id}/action}: {@code reboot} (202, {@code REBOOT} or {@code
 *       HARD_REBOOT}, then {@code ACTIVE}), {@code os-stop} (202, {@code SHUTOFF} after {@link
 *       #STOP_TIME}) and {@code forceDelete} (202, gone); a stop or soft reboot of a server that
 *       is not {@code ACTIVE} is 409 {@code conflictingRequest}, as Nova's state checks answer; a
 *       hard reboot is also allowed from {@code SHUTOFF}, {@code ERROR}, {@code PAUSED} and {@code
 *       SUSPENDED}.
 *   <li>{@code GET /v2.1/servers/{id}/os-volume_attachments}: the volumes {@link #attach}ed (at
 *       2.1 an attachment's id is its volume's id); {@code DELETE
 *       /v2.1/servers/{id}/os-volume_attachments/{volume}}: 202, or 400 for the root volume, 404
 *       for one not attached.
 * </ul>
 *
 * <p>{@link #calls()} lists each request as {@code METHOD path}, an action with its name ({@code
 * os-stop}) and a reboot with its type ({@code reboot HARD}). A listener set with {@link
 * #onRebooted} hears of each server whose reboot has finished, so that a world can bring back the
 * kubelet a reboot restarts.
 *
 * <p>It also answers for the catalog's block-storage entry (below {@code /volume/v3/}): the Go
 * magnum-auto-healer looks Cinder up in the catalog at start and ends when there is none, but asks it
 * only about the volumes attached to a server, and these servers have none. Anything asked there is
 * answered 404 and listed in {@link #calls()}.
 */
final class NovaStandIn implements AutoCloseable {

  /** How long os-stop takes: enough that a caller sees ACTIVE right after it. */
  static final Duration STOP_TIME = Duration.ofMillis(500);
  static final Duration REBOOT_TIME = Duration.ofSeconds(1);
  /** The highest compute microversion served, 2.96 (Nova 2024.1), as the testkit's fake. */
  static final int MAX_MINOR = 96;
  /** The compute host every server starts on. */
  static final String DEFAULT_HOST = "compute-1";
  private static final Pattern VERSION = Pattern.compile("(?:compute\\s+)?(latest|2\\.(\\d+))");
  private static final Pattern SERVER =
      Pattern.compile("/v2\\.1/servers/([^/]+)(/action|/os-volume_attachments(?:/([^/]+))?)?");

  private final HttpServer http;
  private final StandInTokens tokens;
  private final Map<String, Server> servers = new ConcurrentHashMap<>();
  /** Compute hosts' states as {@code host_status} shows them; a host not here is {@code UP}. */
  private final Map<String, String> hostStates = new ConcurrentHashMap<>();
  private volatile String project = "";
  private final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile Consumer<String> rebooted = id -> {};
  private final ScheduledExecutorService settle =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nova-stand-in-reboots");
        t.setDaemon(true);
        return t;
      });

  private static final class Server {
    final String id;
    final String address;
    /** Attached volumes by id: whether each is the root device. */
    final Map<String, Boolean> volumes = new java.util.concurrent.ConcurrentSkipListMap<>();
    volatile Duration stopTime = STOP_TIME;
    volatile String host = DEFAULT_HOST;
    volatile String status = "ACTIVE";
    volatile Instant settlesAt;
    volatile String settlesTo;

    Server(String id, String address) {
      this.id = id;
      this.address = address;
    }

    synchronized String status() {
      if (settlesAt != null && !Instant.now().isBefore(settlesAt)) {
        status = settlesTo;
        settlesAt = null;
      }
      return status;
    }

    synchronized void become(String now, String later, Duration after) {
      status = now;
      settlesTo = later;
      settlesAt = Instant.now().plus(after);
    }
  }

  /**
   * @param keystoneUrl Keystone's v3 URL, to validate tokens
   * @param serviceToken a token allowed to validate others (the admin's)
   */
  NovaStandIn(int port, String keystoneUrl, Supplier<String> serviceToken) {
    this.tokens = new StandInTokens(keystoneUrl, serviceToken, "compute");
    http = StandInTokens.serve(port, this::handle);
  }

  /** The compute endpoint for the catalog. */
  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/v2.1";
  }

  /** The port it listens on; the catalog's block-storage entry is below {@code /volume/v3/} (see the class comment). */
  int port() {
    return http.getAddress().getPort();
  }

  /** Calls {@code listener} with a server's id each time a reboot of it has finished (it is ACTIVE again). */
  void onRebooted(Consumer<String> listener) {
    this.rebooted = listener;
  }

  /** The project the servers belong to (their {@code tenant_id}), which Nova hashes into {@code hostId}. */
  void project(String projectId) {
    this.project = projectId;
  }

  /** Puts a known server on a compute host ({@link #DEFAULT_HOST} at first); {@code ""} for none. */
  void host(String serverId, String host) {
    servers.get(serverId).host = host;
  }

  /** Sets a compute host's {@code host_status}: {@code UP} (the default), {@code DOWN}, {@code MAINTENANCE}, {@code UNKNOWN}. */
  void hostStatus(String host, String status) {
    hostStates.put(host, status);
  }

  /**
   * Nova's {@code hostId} of a server of {@code projectId} on {@code host}: the SHA-224 of the two,
   * joined, in hex; {@code ""} for no host.
   */
  static String hostId(String projectId, String host) {
    if (host.isEmpty()) {
      return "";
    }
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-224")
          .digest((projectId + host).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Adds an ACTIVE server with an address, unless it is known. */
  void addServer(String id, String address) {
    servers.putIfAbsent(id, new Server(id, address));
  }

  /** Attaches a volume to a known server; a root volume cannot be detached, as in Nova. */
  void attach(String serverId, String volumeId, boolean root) {
    servers.get(serverId).volumes.put(volumeId, root);
  }

  /** The volumes attached to a server. */
  List<String> attached(String serverId) {
    Server s = servers.get(serverId);
    return s == null ? List.of() : List.copyOf(s.volumes.keySet());
  }

  /** The server a volume is attached to, if any. */
  java.util.Optional<String> attachedTo(String volumeId) {
    return servers.values().stream().filter(s -> s.volumes.containsKey(volumeId)).map(s -> s.id).findFirst();
  }

  /**
   * How long {@code os-stop} takes on a server: a guest that ignores the ACPI power button takes
   * Nova's {@code shutdown_timeout} (60 s) to be powered off.
   */
  void stopTime(String serverId, Duration time) {
    servers.get(serverId).stopTime = time;
  }

  /** Makes a known server ACTIVE again with no volumes and the usual stop time. */
  void reset(String serverId) {
    Server s = servers.get(serverId);
    s.volumes.clear();
    s.stopTime = STOP_TIME;
    s.become("ACTIVE", "ACTIVE", Duration.ZERO);
  }

  /** Puts a known server in a status, such as {@code SHUTOFF} or {@code ERROR}. */
  void setStatus(String id, String status) {
    servers.get(id).become(status, status, Duration.ZERO);
  }

  /** A known server's fixed address. */
  String address(String id) {
    return servers.get(id).address;
  }

  /** The server's status, or {@code DELETED} when unknown or force-deleted. */
  String status(String id) {
    Server s = servers.get(id);
    return s == null ? "DELETED" : s.status();
  }

  /** The requests received as {@code METHOD path}, and for actions the action's name. */
  List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      var token = tokens.validate(exchange.getRequestHeaders().getFirst("X-Auth-Token"), method, path);
      if (token.isEmpty()) {
        StandInTokens.unauthorized(exchange);
        return;
      }
      Matcher m = SERVER.matcher(path);
      if (!m.matches()) {
        calls.add(method + " " + path);
        reply(exchange, 404, notFound("The resource could not be found."));
        return;
      }
      Server server = servers.get(m.group(1));
      String tail = m.group(2) == null ? "" : m.group(2);
      String action = tail.equals("/action") ? actionOf(body) : "";
      String type = action.equals("reboot") ? " " + rebootType(body) : "";
      calls.add(method + " " + path + (action.isEmpty() ? "" : " " + action + type));
      if (server == null) {
        reply(exchange, 404, notFound("Instance " + m.group(1) + " could not be found."));
      } else if (method.equals("GET") && tail.isEmpty()) {
        showServer(exchange, server, isAdmin(token.get()));
      } else if (method.equals("GET") && tail.equals("/os-volume_attachments")) {
        reply(exchange, 200, Map.of("volumeAttachments", attachments(server)));
      } else if (method.equals("DELETE") && m.group(3) != null) {
        detach(exchange, server, m.group(3));
      } else if (method.equals("POST") && tail.equals("/action")) {
        act(exchange, server, action, body);
      } else {
        reply(exchange, 405, Map.of("error", Map.of("code", 405, "message", "method not allowed")));
      }
    }
  }

  private void act(HttpExchange exchange, Server server, String action, String body) throws IOException {
    String status = server.status();
    switch (action) {
      case "reboot", "os-stop" -> {
        boolean hard = action.equals("reboot") && rebootType(body).equals("HARD");
        // A hard reboot is allowed from more states than a soft one, and powers the server on.
        boolean allowed = status.equals("ACTIVE")
            || (hard && List.of("SHUTOFF", "ERROR", "PAUSED", "SUSPENDED").contains(status));
        if (!allowed) {
          // Nova's check_instance_state: the action is refused in any other vm_state.
          reply(exchange, 409, Map.of("conflictingRequest", Map.of("code", 409, "message",
              "Cannot '" + (action.equals("reboot") ? "reboot" : "stop") + "' instance " + server.id
                  + " while it is in vm_state " + (status.equals("SHUTOFF") ? "stopped" : status.toLowerCase()))));
          return;
        }
        if (action.equals("reboot")) {
          server.become(hard ? "HARD_REBOOT" : "REBOOT", "ACTIVE", REBOOT_TIME);
          settle.schedule(() -> rebooted.accept(server.id), REBOOT_TIME.toMillis(),
              TimeUnit.MILLISECONDS);
        } else {
          server.become("ACTIVE", "SHUTOFF", server.stopTime);
        }
        reply(exchange, 202, null);
      }
      case "forceDelete" -> {
        servers.remove(server.id);
        reply(exchange, 202, null);
      }
      default -> reply(exchange, 400, Map.of("badRequest", Map.of("code", 400, "message",
          "Unsupported action " + action)));
    }
  }

  private static List<Map<String, Object>> attachments(Server server) {
    List<Map<String, Object>> list = new ArrayList<>();
    int device = 0;
    for (String volume : server.volumes.keySet()) {
      // At microversion 2.1 an attachment's id is its volume's id.
      list.add(Map.of("device", "/dev/vd" + (char) ('a' + device++), "id", volume, "serverId", server.id,
          "volumeId", volume));
    }
    return list;
  }

  private void detach(HttpExchange exchange, Server server, String volume) throws IOException {
    Boolean root = server.volumes.get(volume);
    if (root == null) {
      reply(exchange, 404, notFound("volume_id not found: " + volume));
    } else if (root) {
      reply(exchange, 400, Map.of("badRequest", Map.of("code", 400, "message", "Cannot detach a root device volume")));
    } else {
      server.volumes.remove(volume);
      reply(exchange, 202, null);
    }
  }

  private static String rebootType(String body) {
    return Rest.parse(body).path("reboot").path("type").asText();
  }

  private static String actionOf(String body) {
    var json = Rest.parse(body);
    return json.isObject() && json.size() == 1 ? json.fieldNames().next() : "";
  }

  /** The server at the microversion asked for, or Nova's 400 or 406 for one it does not serve. */
  private void showServer(HttpExchange exchange, Server server, boolean admin) throws IOException {
    var headers = exchange.getRequestHeaders();
    String asked = headers.getFirst("OpenStack-API-Version");
    if (asked == null || !asked.strip().startsWith("compute")) {
      asked = headers.getFirst("X-OpenStack-Nova-API-Version");
    }
    int minor = 1;
    if (asked != null) {
      Matcher v = VERSION.matcher(asked.strip());
      if (!v.matches()) {
        reply(exchange, 400, Map.of("badRequest", Map.of("code", 400, "message", "API Version String " + asked.strip()
            + " is of invalid format. Must be of format MajorNum.MinorNum.")));
        return;
      }
      minor = v.group(1).equals("latest") ? MAX_MINOR : Integer.parseInt(v.group(2));
      if (minor < 1 || minor > MAX_MINOR) {
        // Nova's fault for a status it has no name for.
        reply(exchange, 406, Map.of("computeFault", Map.of("code", 406, "message", "Version 2." + minor
            + " is not supported by the API. Minimum is 2.1 and maximum is 2." + MAX_MINOR + ".")));
        return;
      }
    }
    headers = exchange.getResponseHeaders();
    headers.set("OpenStack-API-Version", "compute 2." + minor);
    headers.set("X-OpenStack-Nova-API-Version", "2." + minor);
    headers.set("Vary", "OpenStack-API-Version, X-OpenStack-Nova-API-Version");
    reply(exchange, 200, Map.of("server", view(server, minor, admin)));
  }

  /** Whether Nova's default policy counts the token as an admin's: it carries the role {@code admin}. */
  private static boolean isAdmin(com.fasterxml.jackson.databind.JsonNode token) {
    for (var role : token.path("roles")) {
      if (role.path("name").asText().equals("admin")) {
        return true;
      }
    }
    return false;
  }

  private Map<String, Object> view(Server s, int minor, boolean admin) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", s.id);
    v.put("name", s.id);
    v.put("status", s.status());
    v.put("tenant_id", project);
    v.put("hostId", hostId(project, s.host));
    v.put("OS-EXT-AZ:availability_zone", "nova");
    if (minor >= 16 && admin) {
      v.put("host_status", s.host.isEmpty() ? "" : hostStates.getOrDefault(s.host, "UP"));
    }
    v.put("addresses", Map.of("private", List.of(Map.of("addr", s.address, "version", 4,
        "OS-EXT-IPS:type", "fixed"))));
    return v;
  }

  private static Map<String, Object> notFound(String message) {
    return StandInTokens.notFound(message);
  }

  private static void reply(HttpExchange exchange, int status, Object json) throws IOException {
    StandInTokens.reply(exchange, status, json);
  }

  @Override
  public void close() {
    settle.shutdownNow();
    http.stop(0);
  }
}
