package io.healer.kubernetes;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A small, stateful Kubernetes API server on loopback for component tests: real HTTP, as a real
 * API server speaks it, for the resources healer uses (nodes, leases, configmaps, events, pods with
 * their eviction subresource, poddisruptionbudgets).
 *
 * <p>It keeps one global resource version, serves LIST, GET, POST, PUT, DELETE, JSON patch (with
 * {@code test}), merge patch (409 when the patch names another resourceVersion), and watches as
 * streamed JSON lines resumed from a resource version, with {@code 410 Gone} once that version was
 * compacted away, ended after {@code timeoutSeconds} and with a bookmark about once a minute when
 * allowed. The eviction subresource answers 429 while a matching PodDisruptionBudget allows no
 * disruption to a running pod and 500 for a pod under two budgets; a pod bound to a node is deleted
 * gracefully (Terminating until a test deletes it, as its kubelet would), by an eviction or a DELETE
 * alike. Tests can drop every watch, compact the history, make the server unavailable, change
 * objects before a request is served, and read the log of the requests it received.
 *
 * <p>Its answers are stated by the contract suite in the integration module, which runs the same
 * cases against a real kube-apiserver; where they differed, this fake was changed to answer as the
 * real server does (error messages, a deletion's resource version, watch timeouts and bookmarks,
 * evictions of pods that are not running, graceful deletion, two budgets).
 *
 * <p>Why not fabric8's kubernetes-server-mock: in CRUD mode it serves watches only over WebSocket,
 * while client-java watches with a streamed HTTP GET, as a real API server expects.
 */
public final class FakeApiServer implements AutoCloseable {

  /**
   * One request received.
   *
   * @param method the HTTP method
   * @param path the raw path
   * @param query the raw query, empty when none
   * @param watch whether it opened a watch
   */
  public record Request(String method, String path, String query, boolean watch) {
    /** Whether it listed a collection. */
    public boolean isList() {
      return method.equals("GET") && !watch && FakeApiServer.parse(path).name == null;
    }

    /** Whether it changed something (any method but GET). */
    public boolean isWrite() {
      return !method.equals("GET");
    }
  }

  private static final Gson GSON = new Gson();
  private static final String CLOSE = "\u0000close";
  /** How often a watch that allows bookmarks gets one: the real server's bookmark frequency. */
  private static final java.time.Duration BOOKMARK_EVERY = java.time.Duration.ofMinutes(1);
  private static final Map<String, String> KINDS = Map.of("nodes", "Node", "configmaps", "ConfigMap", "pods", "Pod",
      "leases", "Lease", "events", "Event", "poddisruptionbudgets", "PodDisruptionBudget");

  private final Object lock = new Object();
  private final Map<String, JsonObject> objects = new LinkedHashMap<>();
  private final List<Change> history = new ArrayList<>();
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-apiserver");
    t.setDaemon(true);
    return t;
  });
  private final Clock clock;
  private long resourceVersion = 100;
  private long compactedBelow;
  private volatile boolean unavailable;
  private volatile Consumer<Request> beforeEach = r -> {};

  private FakeApiServer(Clock clock) {
    this.clock = clock;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server on a free loopback port; creation timestamps come from the given clock. */
  public static FakeApiServer start(Clock clock) {
    return new FakeApiServer(clock);
  }

  /** A client for this server (plain HTTP on loopback: for tests only). */
  public ApiClient client() {
    ApiClient client = new ApiClient();
    client.setBasePath("http://127.0.0.1:" + server.getAddress().getPort());
    return client;
  }

  /** The server's base URL, such as {@code http://127.0.0.1:41234}: a {@code kubernetes.api-host}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  // --- state, as "someone else" (kubelet, an operator) changes it ---------------------------------

  /** Creates an object under a collection path such as {@code /api/v1/nodes}. */
  public JsonObject create(String collectionPath, JsonObject object) {
    synchronized (lock) {
      Path p = parse(collectionPath);
      return createLocked(p, object.deepCopy());
    }
  }

  /** The object at a path, or {@code null}. */
  public JsonObject get(String objectPath) {
    synchronized (lock) {
      JsonObject o = objects.get(parse(objectPath).key());
      return o == null ? null : o.deepCopy();
    }
  }

  /** Changes an object as another client would (new resource version, MODIFIED event). */
  public JsonObject update(String objectPath, UnaryOperator<JsonObject> change) {
    synchronized (lock) {
      Path p = parse(objectPath);
      JsonObject current = objects.get(p.key());
      Objects.requireNonNull(current, objectPath);
      JsonObject changed = change.apply(current.deepCopy());
      keepIdentity(current, changed);
      return store(p, changed, "MODIFIED");
    }
  }

  /**
   * Deletes an object at once: for a Terminating pod, what its kubelet does once it stopped the
   * containers (a delete with a grace period of zero).
   */
  public void delete(String objectPath) {
    synchronized (lock) {
      Path p = parse(objectPath);
      JsonObject gone = objects.remove(p.key());
      if (gone != null) {
        publish(p, "DELETED", gone);
      }
    }
  }

  /** Objects of a collection path (all namespaces when the path has none). */
  public List<JsonObject> list(String collectionPath) {
    synchronized (lock) {
      Path p = parse(collectionPath);
      return objects.entrySet().stream().filter(e -> p.contains(e.getKey())).map(e -> e.getValue().deepCopy()).toList();
    }
  }

  // --- faults -----------------------------------------------------------------------------------

  /** Ends every open watch stream, as an API server restart or a load balancer timeout does. */
  public void dropWatches() {
    watchers.forEach(w -> w.queue.offer(CLOSE));
  }

  /**
   * Forgets the change history: a watch resumed from an older version gets 410 Gone. (A real server
   * still serves such a version from its watch cache for a while after etcd compacted it; here the
   * window moves on at once.)
   */
  public void compact() {
    synchronized (lock) {
      compactedBelow = resourceVersion + 1;
      history.clear();
    }
  }

  /** Makes every request fail with 503 (and ends the watches), or serves again. */
  public void unavailable(boolean down) {
    unavailable = down;
    if (down) {
      dropWatches();
    }
  }

  /**
   * Runs before each request is served, on the server's thread and outside its lock: to play another
   * writer that changes an object between a client's read and its write.
   */
  public void beforeEachRequest(Consumer<Request> hook) {
    beforeEach = Objects.requireNonNull(hook, "hook");
  }

  // --- request log --------------------------------------------------------------------------------

  /** Every request received, in order. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Forgets the requests received so far. */
  public void clearRequests() {
    requests.clear();
  }

  /** How many open watch streams there are. */
  public int openWatches() {
    return watchers.size();
  }

  @Override
  public void close() {
    dropWatches();
    server.stop(0);
    threads.shutdownNow();
  }

  // --- HTTP -------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      String rawQuery = exchange.getRequestURI().getRawQuery();
      Map<String, String> query = query(rawQuery);
      boolean watch = "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
      Request request = new Request(method, path, rawQuery == null ? "" : rawQuery, watch);
      requests.add(request);
      beforeEach.accept(request);
      if (unavailable) {
        send(exchange, status(503, "ServiceUnavailable", "the fake API server is down"));
        return;
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Path p = parse(path);
      if (watch) {
        watch(exchange, p, query);
        return;
      }
      Response response;
      synchronized (lock) {
        response = switch (method) {
          case "GET" -> p.name == null ? list(p, query) : read(p);
          case "POST" -> p.subresource != null ? evict(p) : post(p, body);
          case "PUT" -> put(p, body);
          case "PATCH" -> patch(p, body, exchange.getRequestHeaders().getFirst("Content-Type"));
          case "DELETE" -> remove(p, body);
          default -> status(405, "MethodNotAllowed", method);
        };
      }
      send(exchange, response);
    } catch (RuntimeException e) {
      send(exchange, status(500, "InternalError", e.toString()));
    }
  }

  private Response list(Path p, Map<String, String> query) {
    Predicate<JsonObject> selected = selector(query.get("fieldSelector"));
    JsonArray items = new JsonArray();
    objects.entrySet().stream().filter(e -> p.contains(e.getKey()) && selected.test(e.getValue()))
        .forEach(e -> items.add(e.getValue()));
    JsonObject list = new JsonObject();
    list.addProperty("kind", KINDS.getOrDefault(p.resource, "Unknown") + "List");
    list.addProperty("apiVersion", p.apiVersion());
    JsonObject meta = new JsonObject();
    meta.addProperty("resourceVersion", Long.toString(resourceVersion));
    list.add("metadata", meta);
    list.add("items", items);
    return new Response(200, list);
  }

  private Response read(Path p) {
    JsonObject o = objects.get(p.key());
    return o == null ? notFound(p) : new Response(200, o);
  }

  private Response post(Path p, String body) {
    JsonObject object = JsonParser.parseString(body).getAsJsonObject();
    String name = object.getAsJsonObject("metadata").get("name").getAsString();
    if (objects.containsKey(p.withName(name).key())) {
      return status(409, "AlreadyExists", p.resource + " \"" + name + "\" already exists");
    }
    return new Response(201, createLocked(p, object));
  }

  private Response put(Path p, String body) {
    JsonObject current = objects.get(p.key());
    if (current == null) {
      return notFound(p);
    }
    JsonObject replacement = JsonParser.parseString(body).getAsJsonObject();
    String expected = string(replacement.getAsJsonObject("metadata"), "resourceVersion");
    if (expected != null && !expected.equals(version(current))) {
      return conflict(p);
    }
    keepIdentity(current, replacement);
    return new Response(200, store(p, replacement, "MODIFIED"));
  }

  private Response patch(Path p, String body, String contentType) {
    JsonObject current = objects.get(p.key());
    if (current == null) {
      return notFound(p);
    }
    JsonObject patched;
    String type = contentType == null ? "" : contentType;
    if (type.startsWith("application/json-patch+json")) {
      patched = current.deepCopy();
      for (JsonElement op : JsonParser.parseString(body).getAsJsonArray()) {
        String failure = JsonPatch.apply(patched, op.getAsJsonObject());
        if (failure != null) {
          return status(422, "Invalid", failure);
        }
      }
    } else if (type.startsWith("application/merge-patch+json") || type.startsWith("application/strategic-merge-patch+json")) {
      patched = (JsonObject) merge(current.deepCopy(), JsonParser.parseString(body));
    } else {
      return status(415, "UnsupportedMediaType", type);
    }
    if (!Objects.equals(version(patched), version(current))) {
      return conflict(p);
    }
    return new Response(200, store(p, patched, "MODIFIED"));
  }

  /** DELETE, honouring DeleteOptions' preconditions (uid, resourceVersion) as a real server does: 409. */
  private Response remove(Path p, String body) {
    JsonObject current = objects.get(p.key());
    if (current == null) {
      return notFound(p);
    }
    JsonObject options = body.isBlank() ? new JsonObject() : JsonParser.parseString(body).getAsJsonObject();
    JsonObject preconditions = options.getAsJsonObject("preconditions");
    if (preconditions != null) {
      String uid = string(preconditions, "uid");
      String rv = string(preconditions, "resourceVersion");
      if (uid != null && !uid.equals(string(current.getAsJsonObject("metadata"), "uid"))) {
        return status(409, "Conflict", "Operation cannot be fulfilled on " + KINDS.get(p.resource) + " \"" + p.name
            + "\": the UID in the precondition (" + uid + ") does not match the UID in record ("
            + string(current.getAsJsonObject("metadata"), "uid") + "). The object might have been deleted and then"
            + " recreated");
      }
      if (rv != null && !rv.equals(version(current))) {
        return conflict(p);
      }
    }
    if (p.resource.equals("pods")) {
      return new Response(200, deletePod(p, current, options));
    }
    JsonObject gone = objects.remove(p.key());
    publish(p, "DELETED", gone);
    return new Response(200, gone);
  }

  /**
   * Deletes a pod as a real API server does: gracefully, when it is bound to a node and not
   * finished. It then only gets a {@code deletionTimestamp} (the pod is Terminating) and stays until
   * its kubelet deletes it with a grace period of zero, which a test does with {@link #delete}. The
   * grace period is the DeleteOptions' or else the pod's {@code terminationGracePeriodSeconds} (30
   * by default).
   */
  private JsonObject deletePod(Path p, JsonObject pod, JsonObject options) {
    JsonObject spec = pod.getAsJsonObject("spec");
    long grace = options.has("gracePeriodSeconds") && !options.get("gracePeriodSeconds").isJsonNull()
        ? options.get("gracePeriodSeconds").getAsLong()
        : spec != null && spec.has("terminationGracePeriodSeconds") ? spec.get("terminationGracePeriodSeconds").getAsLong()
        : 30;
    String phase = phase(pod);
    if (spec == null || string(spec, "nodeName") == null || "Succeeded".equals(phase) || "Failed".equals(phase)) {
      grace = 0;
    }
    JsonObject meta = pod.getAsJsonObject("metadata");
    if (grace <= 0) {
      JsonObject gone = objects.remove(p.key());
      publish(p, "DELETED", gone);
      return gone;
    }
    if (meta.has("deletionGracePeriodSeconds") && meta.get("deletionGracePeriodSeconds").getAsLong() <= grace) {
      return pod.deepCopy();
    }
    JsonObject terminating = pod.deepCopy();
    terminating.getAsJsonObject("metadata").addProperty("deletionTimestamp",
        clock.instant().plusSeconds(grace).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    terminating.getAsJsonObject("metadata").addProperty("deletionGracePeriodSeconds", grace);
    return store(p, terminating, "MODIFIED");
  }

  /**
   * POST pods/NAME/eviction, as the real Eviction API answers: a finished, Pending or Terminating
   * pod is deleted without asking its budget; a pod under two or more PodDisruptionBudgets gets a
   * Status of code 500 saying so; a pod that is not Ready may go while its budget is met; 429, with
   * the budget as cause, while its one budget allows no disruption; otherwise the budget is spent
   * and the pod deleted as {@link #deletePod} does (201: it is Terminating, not gone).
   */
  private Response evict(Path p) {
    if (!p.resource.equals("pods") || !p.subresource.equals("eviction")) {
      return status(404, "NotFound", "no such subresource " + p.subresource);
    }
    Path podPath = new Path(p.group, p.version, p.resource, p.namespace, p.name, null);
    JsonObject pod = objects.get(podPath.key());
    if (pod == null) {
      return notFound(podPath);
    }
    String phase = phase(pod);
    // A pod the server has not given a phase yet is Pending, as the real server defaults it.
    boolean ignoresBudgets = phase == null || "Succeeded".equals(phase) || "Failed".equals(phase) || "Pending".equals(phase)
        || pod.getAsJsonObject("metadata").has("deletionTimestamp");
    if (!ignoresBudgets) {
      JsonObject labels = pod.getAsJsonObject("metadata").getAsJsonObject("labels");
      Path budgets = new Path("policy", "v1", "poddisruptionbudgets", p.namespace, null, null);
      List<JsonObject> covering = objects.entrySet().stream()
          .filter(e -> budgets.contains(e.getKey()) && selects(e.getValue(), labels)).map(Map.Entry::getValue).toList();
      if (covering.size() > 1) {
        // The real server's Status here has no reason, only this message.
        JsonObject refused = status(500, "", "This pod has more than one PodDisruptionBudget, which the eviction"
            + " subresource does not support.").body;
        refused.remove("reason");
        return new Response(500, refused);
      }
      if (covering.size() == 1 && !unhealthyMayGo(covering.get(0), pod)) {
        JsonObject budget = covering.get(0);
        JsonObject status = budget.getAsJsonObject("status");
        int allowed = intOf(status, "disruptionsAllowed");
        if (allowed <= 0) {
          return tooManyRequests(budget);
        }
        status.addProperty("disruptionsAllowed", allowed - 1);
      }
    }
    deletePod(podPath, pod, new JsonObject());
    JsonObject ok = status(201, "", "").body;
    ok.addProperty("status", "Success");
    return new Response(201, ok);
  }

  /**
   * A pod that is not Ready may go without spending the budget: always under {@code
   * unhealthyPodEvictionPolicy: AlwaysAllow}, else (IfHealthyBudget, the default) while the budget is
   * met without it. The node-lifecycle controller marks the pods of a dead node not Ready, so this
   * is how they leave it.
   */
  private static boolean unhealthyMayGo(JsonObject budget, JsonObject pod) {
    if (ready(pod)) {
      return false;
    }
    JsonObject spec = budget.getAsJsonObject("spec");
    if ("AlwaysAllow".equals(string(spec, "unhealthyPodEvictionPolicy"))) {
      return true;
    }
    JsonObject status = budget.getAsJsonObject("status");
    int desired = intOf(status, "desiredHealthy");
    return desired > 0 && intOf(status, "currentHealthy") >= desired;
  }

  private static boolean ready(JsonObject pod) {
    JsonObject status = pod.getAsJsonObject("status");
    JsonElement conditions = status == null ? null : status.get("conditions");
    if (conditions == null || !conditions.isJsonArray()) {
      return false;
    }
    for (JsonElement c : conditions.getAsJsonArray()) {
      if ("Ready".equals(string(c.getAsJsonObject(), "type"))) {
        return "True".equals(string(c.getAsJsonObject(), "status"));
      }
    }
    return false;
  }

  /** The real 429 of an eviction: the budget's name and counts are in {@code details.causes}. */
  private static Response tooManyRequests(JsonObject budget) {
    Response r = status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
    JsonObject status = budget.getAsJsonObject("status");
    JsonObject cause = new JsonObject();
    cause.addProperty("reason", "DisruptionBudget");
    cause.addProperty("message", "The disruption budget " + string(budget.getAsJsonObject("metadata"), "name")
        + " needs " + intOf(status, "desiredHealthy") + " healthy pods and has " + intOf(status, "currentHealthy")
        + " currently");
    JsonArray causes = new JsonArray();
    causes.add(cause);
    JsonObject details = new JsonObject();
    details.add("causes", causes);
    r.body.add("details", details);
    return r;
  }

  private static int intOf(JsonObject o, String key) {
    return o == null || !o.has(key) ? 0 : o.get(key).getAsInt();
  }

  private static String phase(JsonObject pod) {
    return string(pod.getAsJsonObject("status"), "phase");
  }

  private static boolean selects(JsonObject budget, JsonObject podLabels) {
    JsonObject spec = budget.getAsJsonObject("spec");
    JsonObject selector = spec == null ? null : spec.getAsJsonObject("selector");
    JsonObject match = selector == null ? null : selector.getAsJsonObject("matchLabels");
    if (match == null) {
      return true;
    }
    for (Map.Entry<String, JsonElement> e : match.entrySet()) {
      if (podLabels == null || !e.getValue().equals(podLabels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private void watch(HttpExchange exchange, Path p, Map<String, String> query) throws IOException {
    Predicate<JsonObject> selected = selector(query.get("fieldSelector"));
    Watcher watcher = new Watcher(p, selected, new LinkedBlockingQueue<>());
    String from = query.get("resourceVersion");
    synchronized (lock) {
      if (from != null && !from.isEmpty() && !from.equals("0") && Long.parseLong(from) < compactedBelow - 1) {
        exchange.sendResponseHeaders(200, 0);
        JsonObject gone = status(410, "Expired", "too old resource version: " + from).body;
        writeLine(exchange.getResponseBody(), event("ERROR", gone));
        return;
      }
      if (from == null || from.isEmpty() || from.equals("0")) {
        objects.entrySet().stream().filter(e -> p.contains(e.getKey()) && selected.test(e.getValue()))
            .forEach(e -> watcher.queue.offer(event("ADDED", e.getValue())));
      } else {
        long since = Long.parseLong(from);
        history.stream().filter(c -> c.version > since && p.contains(c.key) && selected.test(c.object))
            .forEach(c -> watcher.queue.offer(event(c.type, c.object)));
      }
      watchers.add(watcher);
    }
    // As a real server: the stream ends after timeoutSeconds, and bookmarks come about once a minute.
    long now = System.nanoTime();
    String timeout = query.get("timeoutSeconds");
    long deadline = timeout == null || timeout.isEmpty() ? Long.MAX_VALUE
        : now + TimeUnit.SECONDS.toNanos(Long.parseLong(timeout));
    boolean bookmarks = "true".equals(query.get("allowWatchBookmarks"));
    long nextBookmark = now + BOOKMARK_EVERY.toNanos();
    try {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      while (System.nanoTime() < deadline) {
        String line = watcher.queue.poll(200, TimeUnit.MILLISECONDS);
        if (line == CLOSE) {
          return;
        }
        if (line != null) {
          writeLine(out, line);
        }
        if (bookmarks && System.nanoTime() >= nextBookmark) {
          writeLine(out, bookmark(p));
          nextBookmark = System.nanoTime() + BOOKMARK_EVERY.toNanos();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client went away.
    } finally {
      watchers.remove(watcher);
    }
  }

  // --- storage ------------------------------------------------------------------------------------

  private JsonObject createLocked(Path p, JsonObject object) {
    JsonObject meta = object.getAsJsonObject("metadata");
    String name = meta.get("name").getAsString();
    Path at = p.withName(name);
    if (at.namespace != null) {
      meta.addProperty("namespace", at.namespace);
    }
    if (!meta.has("uid")) {
      meta.addProperty("uid", UUID.randomUUID().toString());
    }
    if (!meta.has("creationTimestamp")) {
      meta.addProperty("creationTimestamp", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }
    object.addProperty("kind", KINDS.getOrDefault(p.resource, "Unknown"));
    object.addProperty("apiVersion", p.apiVersion());
    return store(at, object, "ADDED");
  }

  private JsonObject store(Path p, JsonObject object, String type) {
    resourceVersion++;
    object.getAsJsonObject("metadata").addProperty("resourceVersion", Long.toString(resourceVersion));
    objects.put(p.key(), object);
    publish(p, type, object);
    return object.deepCopy();
  }

  private void publish(Path p, String type, JsonObject object) {
    JsonObject snapshot = object.deepCopy();
    if (type.equals("DELETED")) {
      // As a real server: the deletion has a version of its own, so a watch resumed from it does not replay it.
      resourceVersion++;
      snapshot.getAsJsonObject("metadata").addProperty("resourceVersion", Long.toString(resourceVersion));
    }
    history.add(new Change(resourceVersion, p.key(), type, snapshot));
    String line = event(type, snapshot);
    for (Watcher w : watchers) {
      if (w.path.contains(p.key()) && w.selected.test(snapshot)) {
        w.queue.offer(line);
      }
    }
  }

  /** A BOOKMARK: an object of the watched kind with only the current resource version. */
  private String bookmark(Path p) {
    JsonObject object = new JsonObject();
    object.addProperty("kind", KINDS.getOrDefault(p.resource, "Unknown"));
    object.addProperty("apiVersion", p.apiVersion());
    JsonObject meta = new JsonObject();
    synchronized (lock) {
      meta.addProperty("resourceVersion", Long.toString(resourceVersion));
    }
    object.add("metadata", meta);
    return event("BOOKMARK", object);
  }

  private static String event(String type, JsonObject object) {
    JsonObject e = new JsonObject();
    e.addProperty("type", type);
    e.add("object", object);
    return GSON.toJson(e);
  }

  private static void writeLine(OutputStream out, String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static Predicate<JsonObject> selector(String fieldSelector) {
    if (fieldSelector == null || fieldSelector.isEmpty()) {
      return o -> true;
    }
    Predicate<JsonObject> all = o -> true;
    for (String term : fieldSelector.split(",")) {
      String[] kv = term.split("=", 2);
      String[] field = kv[0].split("\\.");
      all = all.and(o -> {
        JsonElement at = o;
        for (String f : field) {
          at = at != null && at.isJsonObject() ? at.getAsJsonObject().get(f) : null;
        }
        return at != null && !at.isJsonNull() && at.getAsString().equals(kv[1]);
      });
    }
    return all;
  }

  private static JsonElement merge(JsonElement target, JsonElement patch) {
    if (!patch.isJsonObject()) {
      return patch;
    }
    JsonObject result = target != null && target.isJsonObject() ? target.getAsJsonObject() : new JsonObject();
    for (Map.Entry<String, JsonElement> e : patch.getAsJsonObject().entrySet()) {
      if (e.getValue().isJsonNull()) {
        result.remove(e.getKey());
      } else {
        result.add(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }

  /** What a client cannot change: kind, namespace, uid, creation time. */
  private static void keepIdentity(JsonObject current, JsonObject changed) {
    changed.add("kind", current.get("kind"));
    changed.add("apiVersion", current.get("apiVersion"));
    JsonObject was = current.getAsJsonObject("metadata");
    JsonObject meta = changed.getAsJsonObject("metadata");
    for (String key : List.of("namespace", "uid", "creationTimestamp")) {
      if (was.has(key)) {
        meta.add(key, was.get(key));
      }
    }
  }

  private static String version(JsonObject o) {
    return string(o.getAsJsonObject("metadata"), "resourceVersion");
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o == null ? null : o.get(key);
    return e == null || e instanceof JsonNull ? null : e.getAsString();
  }

  private static Response notFound(Path p) {
    return status(404, "NotFound", p.qualifiedResource() + " \"" + p.name + "\" not found");
  }

  private static Response conflict(Path p) {
    return status(409, "Conflict", "Operation cannot be fulfilled on " + p.qualifiedResource() + " \"" + p.name
        + "\": the object has been modified; please apply your changes to the latest version and try again");
  }

  private static Response status(int code, String reason, String message) {
    JsonObject s = new JsonObject();
    s.addProperty("kind", "Status");
    s.addProperty("apiVersion", "v1");
    s.add("metadata", new JsonObject());
    s.addProperty("status", "Failure");
    s.addProperty("message", message);
    s.addProperty("reason", reason);
    s.addProperty("code", code);
    return new Response(code, s);
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    byte[] bytes = GSON.toJson(response.body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(response.code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return q;
  }

  /** Parses /api/v1/... and /apis/GROUP/VERSION/... paths. */
  static Path parse(String path) {
    String[] s = path.replaceAll("^/+|/+$", "").split("/");
    int i;
    String group;
    String version;
    if (s[0].equals("api")) {
      group = "";
      version = s[1];
      i = 2;
    } else {
      group = s[1];
      version = s[2];
      i = 3;
    }
    String namespace = null;
    if (s.length > i + 1 && s[i].equals("namespaces")) {
      namespace = s[i + 1];
      i += 2;
    }
    String resource = s[i];
    String name = s.length > i + 1 ? s[i + 1] : null;
    String sub = s.length > i + 2 ? s[i + 2] : null;
    return new Path(group, version, resource, namespace, name, sub);
  }

  record Path(String group, String version, String resource, String namespace, String name, String subresource) {
    String key() {
      return group + "|" + resource + "|" + (namespace == null ? "" : namespace) + "|" + name;
    }

    /** Whether an object key lies in this collection (any namespace when this path has none). */
    boolean contains(String key) {
      String[] k = key.split("\\|", -1);
      return k[0].equals(group) && k[1].equals(resource) && (namespace == null || k[2].equals(namespace))
          && (name == null || k[3].equals(name));
    }

    Path withName(String n) {
      return new Path(group, version, resource, namespace, n, null);
    }

    String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }

    /** As a real server names a resource in its messages: {@code nodes}, {@code leases.coordination.k8s.io}. */
    String qualifiedResource() {
      return group.isEmpty() ? resource : resource + "." + group;
    }
  }

  private record Response(int code, JsonObject body) {}

  private record Change(long version, String key, String type, JsonObject object) {}

  private record Watcher(Path path, Predicate<JsonObject> selected, BlockingQueue<String> queue) {}
}
