package io.healer.integration.kubernetes;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Plain JSON requests to the API server over a client's connection (TLS and credentials included).
 * The harness speaks raw JSON on purpose: it must not depend on the client-java models whose
 * handling of a newer server's fields is one of the things under test.
 */
public final class KubeRest {

  /** A JSON merge patch. */
  public static final String MERGE = "application/merge-patch+json";
  /** A JSON patch (RFC 6902). */
  public static final String JSON_PATCH = "application/json-patch+json";
  /** A strategic merge patch. */
  public static final String STRATEGIC = "application/strategic-merge-patch+json";

  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final String base;

  /** One answer: the status code and the body as JSON (a Status object for errors). */
  public record Answer(int code, JsonObject body) {
    /** Whether the code is 2xx. */
    public boolean ok() {
      return code / 100 == 2;
    }

    /** The body, or an AssertionError naming the request's answer. */
    public JsonObject orThrow() {
      if (!ok()) {
        throw new AssertionError("the API server answered " + code + ": " + body);
      }
      return body;
    }
  }

  KubeRest(OkHttpClient http, String base) {
    this.http = http;
    this.base = base;
  }

  /** Requests over a client's connection and credentials, to its base path (any API server, a fake too). */
  public static KubeRest of(io.kubernetes.client.openapi.ApiClient client) {
    return new KubeRest(client.getHttpClient(), client.getBasePath());
  }

  /** GET a path ({@code /api/v1/nodes/worker-1}). */
  public Answer get(String path) {
    return send(new Request.Builder().url(base + path).get());
  }

  /** POST a new object to a collection path. */
  public Answer post(String path, JsonElement body) {
    return send(new Request.Builder().url(base + path).post(RequestBody.create(body.toString(), JSON)));
  }

  /** PUT an object (with its resourceVersion, for optimistic concurrency). */
  public Answer put(String path, JsonElement body) {
    return send(new Request.Builder().url(base + path).put(RequestBody.create(body.toString(), JSON)));
  }

  /** PATCH with the given patch content type. */
  public Answer patch(String path, String contentType, JsonElement body) {
    return send(new Request.Builder().url(base + path)
        .patch(RequestBody.create(body.toString(), MediaType.get(contentType))));
  }

  /** DELETE a path, with an optional body (DeleteOptions). */
  public Answer delete(String path, JsonElement options) {
    RequestBody body = options == null ? null : RequestBody.create(options.toString(), JSON);
    return send(new Request.Builder().url(base + path).delete(body));
  }

  private Answer send(Request.Builder request) {
    try (Response response = http.newCall(request.build()).execute()) {
      String text = response.body() == null ? "" : response.body().string();
      JsonObject json = text.isBlank() ? new JsonObject() : JsonParser.parseString(text).getAsJsonObject();
      return new Answer(response.code(), json);
    } catch (IOException e) {
      throw new UncheckedIOException("request to the API server failed: " + e.getMessage(), e);
    }
  }
}
