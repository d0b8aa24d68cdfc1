package io.healer.kubernetes;

import io.healer.core.engine.StormState;
import io.healer.core.engine.StormStateStore;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the storm guard's state as two annotations on the healer's control ConfigMap (the one
 * that also carries the pause switch), where operators can read it:
 *
 * <pre>
 * healer.io/storm-since: 2026-11-25T10:00:00Z      a storm is under way since then
 * healer.io/storm-ended-at: 2026-11-25T10:20:00Z   repairs wait storm-cooldown from then
 * </pre>
 *
 * <p>Read with a GET (in the engine's first cycle as the leader) rather than from the
 * informer cache, so that a new leader sees what its predecessor wrote just before it stopped.
 * Written with a merge patch of these two keys only, so an operator's pause annotation is never
 * touched. When the ConfigMap does not exist it is created; without the RBAC to create it (the
 * shipped manifest creates it instead) the write fails with the command that creates it.
 *
 * <p>An operator who must end a cool-down early removes the annotation:
 * {@code kubectl -n kube-system annotate configmap healer-control healer.io/storm-ended-at-}.
 */
final class ConfigMapStormStateStore implements StormStateStore {

  /** The annotation present while a storm is under way: when it began. */
  static final String STORM_SINCE = "healer.io/storm-since";
  /** The annotation present while cooling down after a storm: when the storm ended. */
  static final String STORM_ENDED_AT = "healer.io/storm-ended-at";

  private static final com.google.gson.Gson NULLS = new com.google.gson.GsonBuilder().serializeNulls().create();

  private final ApiClient client;
  private final CoreV1Api core;
  private final String namespace;
  private final String name;

  ConfigMapStormStateStore(ApiClient client, String namespace, String name) {
    this.client = client;
    this.core = new CoreV1Api(client);
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public Optional<StormState> load() {
    V1ConfigMap map;
    try {
      map = core.readNamespacedConfigMap(name, namespace).execute();
    } catch (ApiException e) {
      if (e.getCode() == ApiErrors.NOT_FOUND) {
        return Optional.empty();
      }
      throw new IllegalStateException("could not read the ConfigMap " + where() + ": " + ApiErrors.describe(e), e);
    }
    Map<String, String> annotations = map.getMetadata() == null ? null : map.getMetadata().getAnnotations();
    if (annotations == null) {
      return Optional.of(StormState.calm());
    }
    Instant since = instant(annotations, STORM_SINCE);
    if (since != null) {
      return Optional.of(StormState.storming(since));
    }
    Instant ended = instant(annotations, STORM_ENDED_AT);
    return Optional.of(ended != null ? StormState.coolingDown(ended) : StormState.calm());
  }

  @Override
  public void save(StormState state) {
    Map<String, Object> annotations = new LinkedHashMap<>();
    // Explicit nulls: in a merge patch they delete keys.
    annotations.put(STORM_SINCE, state.stormSince().map(Instant::toString).orElse(null));
    annotations.put(STORM_ENDED_AT, state.stormEndedAt().map(Instant::toString).orElse(null));
    String body = NULLS.toJson(Map.of("metadata", Map.of("annotations", annotations)));
    try {
      PatchUtils.patch(V1ConfigMap.class,
          () -> core.patchNamespacedConfigMap(name, namespace, new V1Patch(body)).buildCall(null),
          V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    } catch (ApiException e) {
      if (e.getCode() != ApiErrors.NOT_FOUND) {
        throw new IllegalStateException("could not write the storm guard's state to the ConfigMap " + where()
            + ": " + ApiErrors.describe(e), e);
      }
      if (!state.isCalm()) {
        create(annotations);
      }
    }
  }

  private void create(Map<String, Object> annotations) {
    Map<String, String> present = new HashMap<>();
    annotations.forEach((k, v) -> {
      if (v != null) {
        present.put(k, v.toString());
      }
    });
    V1ConfigMap map = new V1ConfigMap().metadata(new V1ObjectMeta().name(name).namespace(namespace).annotations(present));
    try {
      core.createNamespacedConfigMap(namespace, map).execute();
    } catch (ApiException e) {
      throw new IllegalStateException("the ConfigMap " + where() + " does not exist and could not be created ("
          + ApiErrors.describe(e) + "); create it with: kubectl -n " + namespace + " create configmap " + name, e);
    }
  }

  private Instant instant(Map<String, String> annotations, String key) {
    String value = annotations.get(key);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalStateException("the annotation " + key + " on the ConfigMap " + where() + " is '" + value
          + "', not an RFC 3339 UTC time such as 2026-11-25T10:00:00Z", e);
    }
  }

  private String where() {
    return namespace + "/" + name;
  }

  @Override
  public String toString() {
    return "storm state on the ConfigMap " + where();
  }
}
