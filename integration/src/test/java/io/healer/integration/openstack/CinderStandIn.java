package io.healer.integration.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cinder's one call the provider makes, answered as the Block Storage API reference says ("Show a
 * volume's details"), behind the real Keystone as {@link NovaStandIn} is. Cinder itself needs a
 * volume backend, a scheduler and RabbitMQ consumers; the call read is a plain GET.
 *
 * <ul>
 *   <li>{@code GET [/prefix]/v3/{project_id}/volumes/{id}} (and {@code /v2/}): 200 {@code
 *       {"volume": {...}}} with {@code bootable} as the string {@code "true"} or {@code "false"}
 *       and the attachment Nova holds; 404 {@code itemNotFound} "Volume {id} could not be found.";
 *       a {@code project_id} that is not the token's project is 400 "Malformed request url".
 * </ul>
 *
 * <p>The path may start with any prefix ({@code /volume} as devstack's endpoints do), so that one
 * stand-in can sit behind several catalog entries and {@link #calls()} shows which one was used.
 */
final class CinderStandIn implements AutoCloseable {

  private static final Pattern VOLUME = Pattern.compile("(/.*)?/v[23]/([^/]+)/volumes/([^/]+)");

  private final HttpServer http;
  private final StandInTokens tokens;
  private final Function<String, Optional<String>> attachedTo;
  private final Map<String, Boolean> volumes = new ConcurrentHashMap<>();
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param keystoneUrl Keystone's v3 URL, to validate tokens
   * @param serviceToken a token allowed to validate others
   * @param attachedTo the server a volume is attached to, as Nova knows it
   */
  CinderStandIn(int port, String keystoneUrl, Supplier<String> serviceToken,
      Function<String, Optional<String>> attachedTo) {
    this.tokens = new StandInTokens(keystoneUrl, serviceToken, "block-storage");
    this.attachedTo = attachedTo;
    http = StandInTokens.serve(port, this::handle);
  }

  /**
   * The endpoint to register: {@code path} ({@code /volume/v3}, ending in the API version) and
   * Keystone's project placeholder.
   */
  String url(String path) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + path + "/$(project_id)s";
  }

  /** Makes a volume known. */
  void addVolume(String id, boolean bootable) {
    volumes.put(id, bootable);
  }

  /** Forgets every volume and call. */
  void reset() {
    volumes.clear();
    calls.clear();
  }

  /** The requests received, as {@code METHOD path}. */
  List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Optional<JsonNode> token = tokens.validate(exchange.getRequestHeaders().getFirst("X-Auth-Token"), method, path);
      if (token.isEmpty()) {
        StandInTokens.unauthorized(exchange);
        return;
      }
      calls.add(method + " " + path);
      Matcher m = VOLUME.matcher(path);
      if (!m.matches() || !method.equals("GET")) {
        StandInTokens.reply(exchange, 404, StandInTokens.notFound("The resource could not be found."));
      } else if (!m.group(2).equals(token.get().path("project").path("id").asText())) {
        StandInTokens.reply(exchange, 400, Map.of("badRequest", Map.of("code", 400, "message",
            "Malformed request url")));
      } else if (!volumes.containsKey(m.group(3))) {
        StandInTokens.reply(exchange, 404, StandInTokens.notFound("Volume " + m.group(3) + " could not be found."));
      } else {
        StandInTokens.reply(exchange, 200, Map.of("volume", view(m.group(3), m.group(2))));
      }
    }
  }

  private Map<String, Object> view(String id, String project) {
    Optional<String> server = attachedTo.apply(id);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", id);
    v.put("name", "volume-" + id.substring(0, 8));
    v.put("status", server.isPresent() ? "in-use" : "available");
    v.put("size", 10);
    v.put("availability_zone", "nova");
    v.put("bootable", String.valueOf(volumes.get(id)));
    v.put("encrypted", false);
    v.put("multiattach", false);
    v.put("volume_type", "__DEFAULT__");
    v.put("attachments", server.map(s -> List.<Object>of(Map.of("id", id, "attachment_id", id + "-a",
        "volume_id", id, "server_id", s, "device", "/dev/vdb"))).orElse(List.of()));
    v.put("metadata", Map.of());
    v.put("links", List.of(Map.of("rel", "self", "href", "http://127.0.0.1/v3/" + project + "/volumes/" + id)));
    return v;
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
