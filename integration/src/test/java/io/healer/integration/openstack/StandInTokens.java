package io.healer.integration.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What keystonemiddleware does for a stand-in service: a request passes only with a token the real
 * Keystone validates ({@code GET /v3/auth/tokens} with a service token, saying it understands
 * access rules: {@code OpenStack-Identity-Access-Rules: 1}), cached until it expires; a token of an
 * application credential with access rules passes only for a request one of its rules allows
 * (same service type, method, and path by the middleware's globs: {@code *} one segment, {@code
 * **} any, {@code {name}} one segment). Also the JSON answers the stand-ins share.
 */
final class StandInTokens {

  private final String keystoneUrl;
  private final Supplier<String> serviceToken;
  private final String serviceType;
  private final Map<String, JsonNode> valid = new ConcurrentHashMap<>();

  /**
   * @param keystoneUrl Keystone's v3 URL
   * @param serviceToken a token allowed to validate others (the admin's)
   * @param serviceType the service's catalog type, which access rules name ({@code compute})
   */
  StandInTokens(String keystoneUrl, Supplier<String> serviceToken, String serviceType) {
    this.keystoneUrl = keystoneUrl;
    this.serviceToken = serviceToken;
    this.serviceType = serviceType;
  }

  /**
   * The token's body as Keystone validated it, or empty when Keystone refuses it, it expired, or
   * its access rules do not allow {@code method} on {@code path}.
   */
  Optional<JsonNode> validate(String token, String method, String path) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    JsonNode body = valid.get(token);
    if (body == null || !Instant.now().isBefore(Instant.parse(body.path("expires_at").asText()))) {
      Rest.Reply r = Rest.send("GET", keystoneUrl + "/auth/tokens", serviceToken.get(), null, "X-Subject-Token", token,
          "OpenStack-Identity-Access-Rules", "1");
      if (r.status() != 200) {
        return Optional.empty();
      }
      body = r.json().path("token");
      valid.put(token, body);
    }
    JsonNode rules = body.path("application_credential").path("access_rules");
    if (rules.isMissingNode() || rules.isNull()) {
      return Optional.of(body);
    }
    for (JsonNode rule : rules) {
      if (rule.path("service").asText().equals(serviceType) && rule.path("method").asText().equals(method)
          && path.matches(glob(rule.path("path").asText()))) {
        return Optional.of(body);
      }
    }
    return Optional.empty();
  }

  /** keystonemiddleware's path globs as a regular expression. */
  private static String glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{[^}]*}|\\*\\*|\\*|[^{}*]+").matcher(pattern);
    while (m.find()) {
      String t = m.group();
      regex.append(t.equals("**") ? ".*" : t.equals("*") || t.startsWith("{") ? "[^/]+" : java.util.regex.Pattern.quote(t));
    }
    return regex.toString();
  }

  /** Starts a stand-in's HTTP server on 127.0.0.1:{@code port}, every path to {@code handler}. */
  static HttpServer serve(int port, HttpHandler handler) {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
      http.createContext("/", handler);
      http.start();
      return http;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** keystonemiddleware's 401 for a request without a valid token. */
  static void unauthorized(HttpExchange exchange) throws IOException {
    reply(exchange, 401, Map.of("error", Map.of("code", 401, "title", "Unauthorized",
        "message", "The request you have made requires authentication.")));
  }

  /** A JSON answer; {@code json} null is an empty body. */
  static void reply(HttpExchange exchange, int status, Object json) throws IOException {
    byte[] bytes = json == null ? new byte[0] : Rest.JSON.writeValueAsBytes(json);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  /** The fault body Nova and Cinder answer a 404 with. */
  static Map<String, Object> notFound(String message) {
    return Map.of("itemNotFound", Map.of("code", 404, "message", message));
  }
}
