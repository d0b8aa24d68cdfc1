package io.healer.integration.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Plain JSON requests to the real services, for seeding them and for reading back what they did.
 * Redirects are not followed, so a test sees Heat's 302 as Heat sent it.
 */
final class Rest {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** An answer: its status, body as JSON (null node when empty or not JSON), and headers. */
  record Reply(int status, JsonNode json, String body, Map<String, java.util.List<String>> headers) {
    Optional<String> header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst();
    }

    /** This reply, or an error naming the request and what the service said. */
    Reply expect(int... statuses) {
      for (int s : statuses) {
        if (s == status) {
          return this;
        }
      }
      throw new IllegalStateException("answered " + status + ": " + body);
    }
  }

  private Rest() {}

  /**
   * Sends one request.
   *
   * @param token an X-Auth-Token, or null
   * @param body a JSON-able value (maps, lists, strings), or null
   * @param headers extra headers as name, value, name, value...
   */
  static Reply send(String method, String url, String token, Object body, String... headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
          .header("Accept", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      if (token != null) {
        b.header("X-Auth-Token", token);
      }
      for (int i = 0; i + 1 < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      HttpRequest request = b.build();
      HttpResponse<String> r;
      try {
        r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        // Keystone's stdlib server answers HTTP/1.0 and closes the connection; the client may still
        // pick that connection from its pool and read nothing. Nothing reached the server: send again.
        if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
          throw e;
        }
        r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      }
      return new Reply(r.statusCode(), parse(r.body()), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + url + " got no answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + method + " " + url, e);
    }
  }

  static JsonNode parse(String text) {
    try {
      return text == null || text.isBlank() ? NullNode.getInstance() : JSON.readTree(text);
    } catch (IOException e) {
      return NullNode.getInstance();
    }
  }
}
