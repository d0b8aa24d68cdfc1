package io.healer.kubernetes;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.util.PatchUtils;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes to nodes, for the ledger and the drain hooks alike, and knows the freshest version of each
 * node: the informer cache, unless healer wrote (or read) the node since and the cache has not
 * caught up.
 * Without that, two writes in one cycle (record the step, then its result) would race the watch and
 * the second would fail its resource-version precondition.
 *
 * <p>Thread-safe.
 */
final class NodeWriter {

  private static final com.google.gson.Gson NULLS = new com.google.gson.GsonBuilder().serializeNulls().create();

  private final ClusterCache cache;
  private final ApiClient client;
  private final CoreV1Api core;
  private final Map<String, OwnWrite> ownWrites = new ConcurrentHashMap<>();

  NodeWriter(ClusterCache cache, ApiClient client) {
    this.cache = cache;
    this.client = client;
    this.core = new CoreV1Api(client);
  }

  /** The freshest known version of a node, if it exists. */
  Optional<V1Node> current(String name) {
    Optional<V1Node> cached = cache.node(name);
    OwnWrite own = ownWrites.get(name);
    if (own == null || cached.isEmpty()) {
      return cached;
    }
    String cachedVersion = cached.get().getMetadata().getResourceVersion();
    // An immutable set's contains(null) throws a bare NullPointerException: a node without a
    // resource version (never from a real API server) is simply taken from the cache.
    if (cachedVersion != null && own.superseded.contains(cachedVersion)) {
      return Optional.of(own.after);
    }
    ownWrites.remove(name, own);
    return cached;
  }

  /**
   * Reads a node from the API server, not the cache: after a write was refused because the node
   * changed, the cache may not have seen the change yet.
   *
   * @throws ApiException when it fails, 404 when the node is gone
   */
  V1Node read(String name) throws ApiException {
    String cached = cache.node(name).map(n -> n.getMetadata().getResourceVersion()).orElse(null);
    V1Node fresh = core.readNode(name).execute();
    // Fresher than the cache: what healer does next builds on it until the watch catches up.
    remember(name, cached, fresh);
    return fresh;
  }

  /**
   * Reads a node from the API server as the JSON it sends, managed fields included (client-java's
   * models drop them unless a JVM-wide property asks otherwise, and the cache keeps none).
   *
   * @throws ApiException when the server answers with an error or cannot be reached
   */
  com.google.gson.JsonObject readJson(String name) throws ApiException {
    try (okhttp3.Response response = core.readNode(name).buildCall(null).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      if (!response.isSuccessful()) {
        throw new ApiException(response.code(), "reading node " + name + " failed: HTTP " + response.code());
      }
      return com.google.gson.JsonParser.parseString(body).getAsJsonObject();
    } catch (java.io.IOException e) {
      throw new ApiException(e);
    }
  }

  /**
   * Applies a JSON patch to the node only if it is still at the base's resource version.
   *
   * @param base the version the operations were computed from
   * @param operations RFC 6902 operations; a {@code test} of the resource version is put first
   * @return the node after the patch
   * @throws ApiException when it fails, for example 409/422 because someone changed the node since
   */
  V1Node patchIfUnchanged(V1Node base, List<Map<String, Object>> operations) throws ApiException {
    String name = base.getMetadata().getName();
    String version = base.getMetadata().getResourceVersion();
    List<Map<String, Object>> ops = new ArrayList<>();
    ops.add(op("test", "/metadata/resourceVersion", version));
    ops.addAll(operations);
    String body = JSON.serialize(ops);
    V1Node after = PatchUtils.patch(V1Node.class, () -> core.patchNode(name, new V1Patch(body)).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_PATCH, client);
    remember(name, version, after);
    return after;
  }

  /** Applies a merge patch (RFC 7386) without precondition: for idempotent changes such as a cordon. */
  V1Node mergePatch(String name, Map<String, Object> patch) throws ApiException {
    String before = current(name).map(n -> n.getMetadata().getResourceVersion()).orElse(null);
    // Explicit nulls: in a merge patch they delete keys.
    String body = NULLS.toJson(patch);
    V1Node after = PatchUtils.patch(V1Node.class, () -> core.patchNode(name, new V1Patch(body)).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    remember(name, before, after);
    return after;
  }

  private void remember(String name, String versionBefore, V1Node after) {
    ownWrites.compute(name, (n, previous) -> {
      Set<String> superseded = new HashSet<>();
      if (previous != null) {
        superseded.addAll(previous.superseded);
        // A write on a version read fresh after a conflict supersedes the own write before it too.
        String previousVersion = previous.after.getMetadata().getResourceVersion();
        if (previousVersion != null) {
          superseded.add(previousVersion);
        }
      }
      if (versionBefore != null) {
        superseded.add(versionBefore);
      }
      return new OwnWrite(Set.copyOf(superseded), after);
    });
  }

  /** One JSON patch operation. */
  static Map<String, Object> op(String op, String path, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    if (!op.equals("remove")) {
      m.put("value", value);
    }
    return m;
  }

  /** A JSON pointer to one annotation ({@code /} in the key escaped as {@code ~1}). */
  static String annotationPath(String key) {
    return "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1");
  }

  private record OwnWrite(Set<String> superseded, V1Node after) {}
}
