package io.healer.integration.kubernetes.contract;

import static io.healer.integration.kubernetes.contract.WatchStream.object;
import static io.healer.integration.kubernetes.contract.WatchStream.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.healer.integration.kubernetes.KubeRest;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The requests healer makes of the Kubernetes API, in the shape healer sends them, and the answers
 * it relies on. One suite, two servers: {@code FakeApiServerContractTest} runs it against the fake
 * that healer-core's tests use, {@code RealApiServerContractTest} against a real kube-apiserver.
 * Where they differ the real server is right, and the fake is fixed.
 *
 * <p>Each case names the healer class whose request it states. Requests are raw JSON, as on the
 * wire, so that a case says exactly what is sent and what comes back.
 */
abstract class ApiContract {

  static final String NODES = "/api/v1/nodes";
  static final String CONTROL = "/api/v1/namespaces/kube-system/configmaps";
  static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases";
  static final String EVENTS = "/api/v1/namespaces/default/events";
  static final String PODS = "/api/v1/namespaces/default/pods";
  static final String BUDGETS = "/apis/policy/v1/namespaces/default/poddisruptionbudgets";
  static final Duration EVENT_WAIT = Duration.ofSeconds(30);
  static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final List<String> created = new ArrayList<>();

  /** Requests as a cluster admin. */
  abstract KubeRest rest();

  /** The client whose connection watches use. */
  abstract ApiClient client();

  /**
   * Creates a Node that nobody else writes to while the case runs (on a real server the
   * node-lifecycle controller writes to a new node until its kubelet reports Ready), and returns it
   * as stored.
   */
  abstract JsonObject quietNode(String name);

  /**
   * Makes every resource version before now too old to watch from: etcd's compaction, and on a
   * real server also a restart of kube-apiserver, whose watch cache still serves compacted versions
   * it holds.
   */
  abstract void compact();

  /**
   * Brings a PodDisruptionBudget's status up to date, as the disruption controller does: waits for
   * it on a real server, plays it on the fake.
   */
  abstract void awaitBudgetStatus(String namespace, String name, int disruptionsAllowed);

  /** A name no other case or run uses. */
  static String unique(String prefix) {
    return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toLowerCase(Locale.ROOT);
  }

  /** Deletes it after the case. */
  void cleanUp(String path) {
    created.add(path);
  }

  /** Stops what the subclass started for the case, after the clean-up. */
  void stop() {}

  @AfterEach
  void deleteWhatTheCaseCreated() {
    // One @AfterEach, so the subclass's server is still up while the clean-up runs.
    try {
      for (int i = created.size() - 1; i >= 0; i--) {
        rest().delete(created.get(i), null);
      }
    } finally {
      stop();
    }
  }

  // --- nodes: list and watch (ClusterCache) -----------------------------------------------------

  @Test
  @DisplayName("ClusterCache: a watch from the list's resourceVersion sends every later change, once")
  void aWatchFromTheListsVersionSendsEveryLaterChangeOnce() {
    String name = unique("contract-watch");
    quietNode(name);
    JsonObject list = rest().get(NODES).orThrow();
    String listed = version(list);
    assertThat(listed).as("a LIST carries the collection's resourceVersion").isNotBlank();
    assertThat(names(list)).contains(name);

    JsonObject patched;
    JsonObject deleted;
    try (WatchStream watch = WatchStream.open(client(), NODES,
        "resourceVersion=" + listed + "&allowWatchBookmarks=true&timeoutSeconds=60")) {
      patched = rest().patch(NODES + "/" + name, KubeRest.MERGE, labels("contract", "changed")).orThrow();
      JsonObject modified = watch.next("MODIFIED " + name, EVENT_WAIT, e -> is(e, "MODIFIED", name));
      assertThat(version(object(modified))).as("the event carries the version the PATCH answered")
          .isEqualTo(version(patched));
      assertThat(object(modified).getAsJsonObject("metadata").getAsJsonObject("labels").get("contract").getAsString())
          .isEqualTo("changed");

      rest().delete(NODES + "/" + name, null).orThrow();
      deleted = object(watch.next("DELETED " + name, EVENT_WAIT, e -> is(e, "DELETED", name)));
    }
    assertThat(version(deleted)).as("a DELETED event carries the version of the deletion, not the last update")
        .isNotEqualTo(version(patched));

    try (WatchStream resumed = WatchStream.open(client(), NODES, "resourceVersion=" + version(patched)
        + "&timeoutSeconds=3")) {
      assertThat(resumed.untilEnd(EVENT_WAIT).stream().filter(e -> named(e, name)).map(WatchStream::type))
          .as("resumed from the update: only what came after it").containsExactly("DELETED");
    }
    try (WatchStream resumed = WatchStream.open(client(), NODES, "resourceVersion=" + version(deleted)
        + "&timeoutSeconds=3")) {
      assertThat(resumed.untilEnd(EVENT_WAIT).stream().filter(e -> named(e, name)))
          .as("resumed from the deletion: it is not sent again").isEmpty();
    }
  }

  @Test
  @DisplayName("ClusterCache: a quiet watch ends at its timeout; a bookmark, if the server sends one, is of the watched kind with a version")
  void aQuietWatchEndsAtItsTimeoutAndItsBookmarksCarryAVersion() {
    // A bookmark is the server's to send or not (none came within 70 s on a loaded machine): healer
    // relies only on the watch ending at its timeout and on a bookmark, when one comes, being resumable.
    String name = unique("contract-bookmark");
    quietNode(name);
    String listed = version(rest().get(NODES).orThrow());

    long start = System.nanoTime();
    try (WatchStream watch = WatchStream.open(client(), NODES,
        "resourceVersion=" + listed + "&allowWatchBookmarks=true&timeoutSeconds=10")) {
      List<JsonObject> events = watch.untilEnd(Duration.ofSeconds(60));
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("[contract] %s: the watch ended after %.1f s with %s%n", getClass().getSimpleName(), seconds,
          events.stream().map(WatchStream::type).toList());

      assertThat(seconds).as("the server ends the watch at timeoutSeconds").isBetween(5.0, 40.0);
      assertThat(events).as("a quiet watch carries bookmarks at most").allSatisfy(e -> {
        assertThat(type(e)).isEqualTo("BOOKMARK");
        assertThat(object(e).get("kind").getAsString()).isEqualTo("Node");
        assertThat(version(object(e))).as("the version to resume from").isNotBlank();
      });
    }
  }

  @Test
  @DisplayName("ClusterCache: a watch from a compacted resourceVersion gets an ERROR event with a 410 Expired Status")
  void aWatchFromACompactedVersionIsExpired() {
    String name = unique("contract-expired");
    JsonObject node = quietNode(name);
    String old = version(node);
    rest().patch(NODES + "/" + name, KubeRest.MERGE, labels("contract", "newer")).orThrow();
    compact();

    try (WatchStream watch = WatchStream.open(client(), NODES, "resourceVersion=" + old + "&timeoutSeconds=30")) {
      JsonObject event = watch.next("the first event", EVENT_WAIT, e -> true);
      assertThat(type(event)).as("an HTTP 200 stream whose first event is an error: %s", event).isEqualTo("ERROR");
      assertStatus(object(event), 410, "Expired");
      assertThat(object(event).get("message").getAsString()).contains("too old resource version");
    }
  }

  // --- nodes: the repair record (AnnotationRepairLedger, NodeWriter) ----------------------------

  @Test
  @DisplayName("NodeWriter: a JSON patch applies while its test of metadata.resourceVersion holds")
  void aJsonPatchAppliesWhileItsVersionTestHolds() {
    String name = unique("contract-record");
    JsonObject node = quietNode(name);
    assertThat(node.getAsJsonObject("metadata").has("annotations"))
        .as("a node as a kubelet registers it has no annotations: the ledger adds the map first").isFalse();

    JsonObject written = rest().patch(NODES + "/" + name, KubeRest.JSON_PATCH, ops(
        op("test", "/metadata/resourceVersion", version(node)),
        op("add", "/metadata/annotations", new JsonObject()),
        op("add", "/metadata/annotations/healer.io~1repair-action", "reboot"))).orThrow();
    assertThat(annotations(written).get("healer.io/repair-action").getAsString()).isEqualTo("reboot");
    assertThat(version(written)).isNotEqualTo(version(node));

    JsonObject again = rest().patch(NODES + "/" + name, KubeRest.JSON_PATCH, ops(
        op("test", "/metadata/resourceVersion", version(written)),
        op("add", "/metadata/annotations/healer.io~1repair-state", "started"),
        op("remove", "/metadata/annotations/healer.io~1repair-action", null))).orThrow();
    assertThat(annotations(again).keySet()).containsExactly("healer.io/repair-state");
  }

  @Test
  @DisplayName("NodeWriter: a JSON patch whose resourceVersion test fails is refused with 422 and changes nothing")
  void aJsonPatchWhoseVersionTestFailsIsRefused() {
    String name = unique("contract-stale");
    JsonObject node = quietNode(name);
    JsonObject other = rest().patch(NODES + "/" + name, KubeRest.MERGE, labels("someone", "else")).orThrow();

    KubeRest.Answer answer = rest().patch(NODES + "/" + name, KubeRest.JSON_PATCH, ops(
        op("test", "/metadata/resourceVersion", version(node)),
        op("add", "/metadata/annotations", new JsonObject()),
        op("add", "/metadata/annotations/healer.io~1repair-action", "reboot")));

    assertThat(answer.code()).isEqualTo(422);
    assertStatus(answer.body(), 422, "Invalid");
    JsonObject now = rest().get(NODES + "/" + name).orThrow();
    assertThat(version(now)).as("nothing written").isEqualTo(version(other));
    assertThat(now.getAsJsonObject("metadata").has("annotations")).isFalse();
  }

  @Test
  @DisplayName("DrainHooks: a merge patch cordons and sets annotations, and a null removes one")
  void aMergePatchCordonsAndANullRemovesAnAnnotation() {
    String name = unique("contract-cordon");
    quietNode(name);
    JsonObject patch = JsonParser.parseString("{\"spec\":{\"unschedulable\":true},\"metadata\":{\"annotations\":"
        + "{\"healer.io/cordoned-by-healer\":\"true\",\"healer.io/drain-started-at\":\"2026-01-01T00:00:00Z\"}}}")
        .getAsJsonObject();
    JsonObject cordoned = rest().patch(NODES + "/" + name, KubeRest.MERGE, patch).orThrow();
    assertThat(cordoned.getAsJsonObject("spec").get("unschedulable").getAsBoolean()).isTrue();

    JsonObject removal = JsonParser.parseString("{\"metadata\":{\"annotations\":{\"healer.io/drain-started-at\":null}}}")
        .getAsJsonObject();
    JsonObject after = rest().patch(NODES + "/" + name, KubeRest.MERGE, removal).orThrow();
    assertThat(annotations(after).keySet()).containsExactly("healer.io/cordoned-by-healer");
  }

  // --- nodes: deletion of a replaced node (ReplacedNodeDeleter) ---------------------------------

  @Test
  @DisplayName("ReplacedNodeDeleter: a DELETE with a UID precondition deletes that node, 409 for another UID, 404 when gone")
  void aDeleteWithAUidPreconditionHitsOnlyThatNode() {
    String name = unique("contract-replaced");
    JsonObject node = quietNode(name);
    String uid = node.getAsJsonObject("metadata").get("uid").getAsString();

    KubeRest.Answer wrong = rest().delete(NODES + "/" + name, preconditions("00000000-0000-0000-0000-000000000000"));
    assertThat(wrong.code()).isEqualTo(409);
    assertStatus(wrong.body(), 409, "Conflict");
    assertThat(wrong.body().get("message").getAsString()).isEqualTo("Operation cannot be fulfilled on Node \""
        + name + "\": the UID in the precondition (00000000-0000-0000-0000-000000000000) does not match the UID in"
        + " record (" + uid + "). The object might have been deleted and then recreated");
    assertThat(rest().get(NODES + "/" + name).code()).as("still there").isEqualTo(200);

    KubeRest.Answer right = rest().delete(NODES + "/" + name, preconditions(uid));
    assertThat(right.code()).isEqualTo(200);
    assertThat(rest().get(NODES + "/" + name).code()).isEqualTo(404);

    KubeRest.Answer gone = rest().delete(NODES + "/" + name, preconditions(uid));
    assertThat(gone.code()).isEqualTo(404);
    assertStatus(gone.body(), 404, "NotFound");
    assertThat(gone.body().get("message").getAsString()).isEqualTo("nodes \"" + name + "\" not found");
  }

  // --- the control ConfigMap (ConfigMapStormStateStore, ConfigMapPauseSwitch) -------------------

  @Test
  @DisplayName("ConfigMapStormStateStore: a merge patch of a missing ConfigMap is 404; of one that exists, it sets and removes annotations, leaving others")
  void aMergePatchOfConfigMapAnnotationsTouchesOnlyItsKeys() {
    String name = unique("contract-control");
    JsonObject patch = JsonParser.parseString("{\"metadata\":{\"annotations\":{\"healer.io/storm-since\":"
        + "\"2026-01-01T00:00:00Z\",\"healer.io/storm-ended-at\":null}}}").getAsJsonObject();

    KubeRest.Answer missing = rest().patch(CONTROL + "/" + name, KubeRest.MERGE, patch);
    assertThat(missing.code()).isEqualTo(404);
    assertStatus(missing.body(), 404, "NotFound");
    assertThat(missing.body().get("message").getAsString()).isEqualTo("configmaps \"" + name + "\" not found");

    JsonObject map = withName(name);
    map.getAsJsonObject("metadata").add("annotations", json("{\"healer.io/paused\":\"true\"}"));
    rest().post(CONTROL, map).orThrow();
    cleanUp(CONTROL + "/" + name);
    JsonObject storming = rest().patch(CONTROL + "/" + name, KubeRest.MERGE, patch).orThrow();
    assertThat(annotations(storming).keySet()).containsExactlyInAnyOrder("healer.io/paused", "healer.io/storm-since");

    JsonObject calm = json("{\"metadata\":{\"annotations\":{\"healer.io/storm-since\":null,"
        + "\"healer.io/storm-ended-at\":\"2026-01-01T00:20:00Z\"}}}");
    JsonObject cooling = rest().patch(CONTROL + "/" + name, KubeRest.MERGE, calm).orThrow();
    assertThat(annotations(cooling).keySet()).containsExactlyInAnyOrder("healer.io/paused", "healer.io/storm-ended-at");
  }

  @Test
  @DisplayName("ClusterCache: the pause ConfigMap is listed and watched by a metadata.name field selector")
  void thePauseConfigMapIsSelectedByName() {
    String name = unique("contract-pause");
    String other = unique("contract-other");
    rest().post(CONTROL, withName(name)).orThrow();
    cleanUp(CONTROL + "/" + name);
    rest().post(CONTROL, withName(other)).orThrow();
    cleanUp(CONTROL + "/" + other);

    JsonObject list = rest().get(CONTROL + "?fieldSelector=metadata.name%3D" + name).orThrow();
    assertThat(names(list)).containsExactly(name);

    try (WatchStream watch = WatchStream.open(client(), CONTROL, "fieldSelector=metadata.name%3D" + name
        + "&resourceVersion=" + version(list) + "&timeoutSeconds=30")) {
      rest().patch(CONTROL + "/" + other, KubeRest.MERGE, labels("a", "1")).orThrow();
      rest().patch(CONTROL + "/" + name, KubeRest.MERGE, labels("a", "2")).orThrow();
      JsonObject first = watch.next("an event", EVENT_WAIT, e -> !type(e).equals("BOOKMARK"));
      assertThat(type(first)).isEqualTo("MODIFIED");
      assertThat(object(first).getAsJsonObject("metadata").get("name").getAsString())
          .as("the other ConfigMap's change is not sent").isEqualTo(name);
    }
  }

  // --- leader election (LeaseLeaderElector) -----------------------------------------------------

  @Test
  @DisplayName("LeaseLeaderElector: GET of a missing Lease is 404, create is 201 then 409, PUT with a stale resourceVersion is 409")
  void leaseWritesAreOptimistic() {
    String name = unique("contract-lease");
    KubeRest.Answer missing = rest().get(LEASES + "/" + name);
    assertStatus(missing.body(), 404, "NotFound");
    assertThat(missing.body().get("message").getAsString())
        .isEqualTo("leases.coordination.k8s.io \"" + name + "\" not found");

    JsonObject lease = withName(name);
    lease.add("spec", json("{\"holderIdentity\":\"a\",\"leaseDurationSeconds\":20,\"leaseTransitions\":0,"
        + "\"acquireTime\":\"" + micro(Instant.now()) + "\",\"renewTime\":\"" + micro(Instant.now()) + "\"}"));
    KubeRest.Answer created = rest().post(LEASES, lease);
    assertThat(created.code()).isEqualTo(201);
    cleanUp(LEASES + "/" + name);

    KubeRest.Answer twice = rest().post(LEASES, lease);
    assertThat(twice.code()).isEqualTo(409);
    assertStatus(twice.body(), 409, "AlreadyExists");

    JsonObject renewal = created.body().deepCopy();
    renewal.getAsJsonObject("spec").addProperty("renewTime", micro(Instant.now().plusSeconds(1)));
    JsonObject renewed = rest().put(LEASES + "/" + name, renewal).orThrow();
    assertThat(version(renewed)).isNotEqualTo(version(created.body()));

    KubeRest.Answer stale = rest().put(LEASES + "/" + name, renewal);
    assertThat(stale.code()).as("the same resourceVersion again: someone wrote since").isEqualTo(409);
    assertStatus(stale.body(), 409, "Conflict");
    assertThat(stale.body().get("message").getAsString()).isEqualTo("Operation cannot be fulfilled on "
        + "leases.coordination.k8s.io \"" + name + "\": the object has been modified; please apply your changes to "
        + "the latest version and try again");
  }

  // --- Events (KubernetesEventRecorder) ---------------------------------------------------------

  @Test
  @DisplayName("KubernetesEventRecorder: an Event on a Node is created (201) and its count patched; a patch of a missing one is 404")
  void anEventIsCreatedAndItsCountPatched() {
    String node = unique("contract-event");
    JsonObject stored = quietNode(node);
    String name = node + ".18" + Long.toHexString(System.nanoTime());
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    JsonObject event = withName(name);
    event.add("involvedObject", json("{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"name\":\"" + node + "\",\"uid\":\""
        + stored.getAsJsonObject("metadata").get("uid").getAsString() + "\"}"));
    event.addProperty("reason", "RepairStarted");
    event.addProperty("message", "reboot: [NodeCondition] attempt 1, unhealthy since " + now);
    event.addProperty("type", "Normal");
    event.add("source", json("{\"component\":\"healer\"}"));
    event.addProperty("reportingComponent", "healer");
    event.addProperty("reportingInstance", "healer-0_1a2b3c4d");
    event.addProperty("firstTimestamp", now);
    event.addProperty("lastTimestamp", now);
    event.addProperty("count", 1);

    KubeRest.Answer created = rest().post(EVENTS, event);
    assertThat(created.code()).as("%s", created.body()).isEqualTo(201);
    cleanUp(EVENTS + "/" + name);

    String later = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString();
    JsonObject patched = rest().patch(EVENTS + "/" + name, KubeRest.STRATEGIC,
        json("{\"count\":2,\"lastTimestamp\":\"" + later + "\"}")).orThrow();
    assertThat(patched.get("count").getAsInt()).isEqualTo(2);
    assertThat(patched.get("lastTimestamp").getAsString()).isEqualTo(later);
    assertThat(patched.get("reason").getAsString()).isEqualTo("RepairStarted");

    KubeRest.Answer missing = rest().patch(EVENTS + "/" + name + "x", KubeRest.STRATEGIC, json("{\"count\":2}"));
    assertStatus(missing.body(), 404, "NotFound");
  }

  // --- drain (DrainHooks) -----------------------------------------------------------------------

  @Test
  @DisplayName("DrainHooks: pods of a node are listed by a spec.nodeName field selector across namespaces")
  void podsOfANodeAreSelectedByNodeName() {
    String node = unique("contract-pods");
    String on = pod(unique("on"), node, "contract-" + node);
    pod(unique("off"), null, "contract-" + node);

    JsonObject list = rest().get("/api/v1/pods?fieldSelector=spec.nodeName%3D" + node).orThrow();

    assertThat(names(list)).containsExactly(on);
  }

  @Test
  @DisplayName("DrainHooks: an eviction is 201 for a pod no budget covers or one still Pending, 429 with a Status while the budget of a running pod allows no disruption")
  void anEvictionIsAcceptedOrRefusedByTheBudget() {
    String app = unique("contract-app");
    String free = pod(unique("free"), null, app + "-free");
    String pending = pod(unique("pending"), null, app);
    String held = pod(unique("held"), null, app);
    running(held);
    JsonObject budget = withName(app);
    budget.add("spec", json("{\"minAvailable\":1,\"selector\":{\"matchLabels\":{\"app\":\"" + app + "\"}}}"));
    rest().post(BUDGETS, budget).orThrow();
    cleanUp(BUDGETS + "/" + app);
    awaitBudgetStatus("default", app, 0);

    KubeRest.Answer refused = rest().post(PODS + "/" + held + "/eviction", eviction(held));
    assertThat(refused.code()).isEqualTo(429);
    assertStatus(refused.body(), 429, "TooManyRequests");
    assertThat(refused.body().get("message").getAsString()).contains("disruption budget");
    assertThat(rest().get(PODS + "/" + held).code()).as("the pod stays").isEqualTo(200);

    KubeRest.Answer accepted = rest().post(PODS + "/" + free + "/eviction", eviction(free));
    assertThat(accepted.code()).as("%s", accepted.body()).isEqualTo(201);
    assertThat(rest().get(PODS + "/" + free).code()).as("a pod on no node goes at once").isEqualTo(404);

    KubeRest.Answer notRunning = rest().post(PODS + "/" + pending + "/eviction", eviction(pending));
    assertThat(notRunning.code()).as("a Pending pod disrupts nothing: no budget holds it; %s", notRunning.body())
        .isEqualTo(201);
  }

  /** Marks a pod Running and Ready, as its kubelet would. */
  void running(String pod) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    rest().patch(PODS + "/" + pod + "/status", KubeRest.MERGE, json("{\"status\":{\"phase\":\"Running\","
        + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"" + now + "\"}]}}"))
        .orThrow();
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** Creates a pod in {@code default} (on a node when {@code node} is not null) labelled {@code app}. */
  String pod(String name, String node, String app) {
    JsonObject pod = withName(name);
    pod.getAsJsonObject("metadata").add("labels", json("{\"app\":\"" + app + "\"}"));
    JsonObject spec = json("{\"containers\":[{\"name\":\"c\",\"image\":\"registry.k8s.io/pause:3.10\"}],"
        + "\"terminationGracePeriodSeconds\":0}");
    if (node != null) {
      spec.addProperty("nodeName", node);
    }
    pod.add("spec", spec);
    createPod(pod);
    cleanUp(PODS + "/" + name + "?gracePeriodSeconds=0");
    return name;
  }

  /** Creates a pod; a real server may refuse it until the namespace's default ServiceAccount exists. */
  void createPod(JsonObject pod) {
    rest().post(PODS, pod).orThrow();
  }

  static JsonObject eviction(String pod) {
    return json("{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod
        + "\",\"namespace\":\"default\"},\"deleteOptions\":{}}");
  }

  static void assertStatus(JsonObject status, int code, String reason) {
    assertThat(status.get("kind").getAsString()).as("kind of %s", status).isEqualTo("Status");
    assertThat(status.get("status").getAsString()).as("status of %s", status).isEqualTo("Failure");
    assertThat(status.get("code").getAsInt()).as("code of %s", status).isEqualTo(code);
    assertThat(status.get("reason").getAsString()).as("reason of %s", status).isEqualTo(reason);
    assertThat(status.get("message").getAsString()).as("message of %s", status).isNotBlank();
  }

  /** An object body with only its name. */
  static JsonObject withName(String name) {
    JsonObject o = new JsonObject();
    JsonObject meta = new JsonObject();
    meta.addProperty("name", name);
    o.add("metadata", meta);
    return o;
  }

  static JsonObject preconditions(String uid) {
    return json("{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":{\"uid\":\"" + uid + "\"}}");
  }

  static JsonObject labels(String key, String value) {
    return json("{\"metadata\":{\"labels\":{\"" + key + "\":\"" + value + "\"}}}");
  }

  static JsonArray ops(JsonObject... ops) {
    JsonArray a = new JsonArray();
    for (JsonObject op : ops) {
      a.add(op);
    }
    return a;
  }

  static JsonObject op(String op, String path, Object value) {
    JsonObject o = new JsonObject();
    o.addProperty("op", op);
    o.addProperty("path", path);
    if (value instanceof JsonElement e) {
      o.add("value", e);
    } else if (value != null) {
      o.addProperty("value", value.toString());
    }
    return o;
  }

  static JsonObject json(String text) {
    return JsonParser.parseString(text).getAsJsonObject();
  }

  static String version(JsonObject o) {
    return o.getAsJsonObject("metadata").get("resourceVersion").getAsString();
  }

  static JsonObject annotations(JsonObject o) {
    JsonObject a = o.getAsJsonObject("metadata").getAsJsonObject("annotations");
    return a == null ? new JsonObject() : a;
  }

  static List<String> names(JsonObject list) {
    List<String> names = new ArrayList<>();
    list.getAsJsonArray("items").forEach(i -> names.add(i.getAsJsonObject().getAsJsonObject("metadata")
        .get("name").getAsString()));
    return names;
  }

  static boolean named(JsonObject event, String name) {
    JsonObject meta = object(event).getAsJsonObject("metadata");
    return meta != null && meta.has("name") && meta.get("name").getAsString().equals(name);
  }

  static boolean is(JsonObject event, String type, String name) {
    return type(event).equals(type) && named(event, name);
  }

  /** Kubernetes' MicroTime, as client-java writes a Lease's times. */
  static String micro(Instant t) {
    return MICRO_TIME.format(t);
  }
}
