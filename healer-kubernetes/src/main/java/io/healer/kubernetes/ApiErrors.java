package io.healer.kubernetes;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Describes API failures for logs and exception messages: the HTTP status and, when the API server
 * answered with a {@code Status} object, its {@code message}, which says what a person must fix
 * ({@code nodes "worker-1" is forbidden: User "system:serviceaccount:kube-system:healer" cannot
 * patch resource "nodes"}). Nothing else of a response is shown: a body that is not a Status (from a
 * proxy, say) could echo request headers, and the request may carry a token.
 */
final class ApiErrors {

  static final int NOT_FOUND = 404;
  static final int CONFLICT = 409;
  static final int GONE = 410;
  static final int UNPROCESSABLE = 422;
  static final int TOO_MANY_REQUESTS = 429;
  static final int UNAUTHORIZED = 401;
  static final int FORBIDDEN = 403;

  private static final int MAX_MESSAGE = 400;

  private ApiErrors() {}

  /**
   * A short description: the HTTP status for API errors, the type otherwise; for an answer the
   * models could not read, the model's complaint without the object it quotes.
   */
  static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (t instanceof IllegalArgumentException && message != null && message.contains(" JSON: ")) {
        return "cannot read the API server's answer: " + message.substring(0, message.indexOf(" JSON: "));
      }
    }
    if (error instanceof ApiException e && e.getCode() != 0) {
      return statusMessage(e.getResponseBody()).map(m -> "HTTP " + e.getCode() + ": " + m)
          .orElse("HTTP " + e.getCode());
    }
    // No answer at all: name the transport's failure (refused, unknown host, TLS), whose message
    // holds an address or a certificate problem, never a credential.
    Throwable transport = error;
    while (transport.getCause() != null && transport instanceof ApiException) {
      transport = transport.getCause();
    }
    if (transport instanceof java.io.IOException && transport.getMessage() != null) {
      return transport.getClass().getSimpleName() + ": " + cut(firstLine(transport.getMessage()));
    }
    return error.getClass().getSimpleName();
  }

  private static String firstLine(String message) {
    return message.lines().findFirst().orElse("").strip();
  }

  /** The message of a Kubernetes Status body, cut to {@value #MAX_MESSAGE} characters. */
  private static Optional<String> statusMessage(String body) {
    return status(body).map(s -> text(s, "message")).filter(m -> !m.isEmpty()).map(ApiErrors::cut);
  }

  /**
   * What a Kubernetes Status body says went wrong: its message and, after a colon, the messages of
   * its {@code details.causes} (the Eviction API names the budget there: "The disruption budget db
   * needs 2 healthy pods and has 2 currently"), cut to {@value #MAX_MESSAGE} characters. Empty when
   * the body is not a Status or says nothing.
   */
  static Optional<String> statusDetail(String body) {
    return status(body).map(s -> {
      List<String> parts = new ArrayList<>();
      String message = text(s, "message");
      if (!message.isEmpty()) {
        parts.add(message);
      }
      JsonElement details = s.get("details");
      JsonElement causes = details != null && details.isJsonObject() ? details.getAsJsonObject().get("causes") : null;
      if (causes != null && causes.isJsonArray()) {
        for (JsonElement cause : causes.getAsJsonArray()) {
          String m = cause.isJsonObject() ? text(cause.getAsJsonObject(), "message") : "";
          if (!m.isEmpty() && !parts.contains(m)) {
            parts.add(m);
          }
        }
      }
      return String.join(": ", parts);
    }).filter(m -> !m.isEmpty()).map(ApiErrors::cut);
  }

  /** The body as a Status object; nothing else is ever shown (see the class comment). */
  private static Optional<JsonObject> status(String body) {
    if (body == null || !body.startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonObject status = JsonParser.parseString(body).getAsJsonObject();
      return "Status".equals(text(status, "kind")) ? Optional.of(status) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() ? e.getAsString().strip() : "";
  }

  private static String cut(String message) {
    return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
  }

  /** The HTTP status of an API error, or 0. */
  static int code(Throwable error) {
    return error instanceof ApiException e ? e.getCode() : 0;
  }
}
