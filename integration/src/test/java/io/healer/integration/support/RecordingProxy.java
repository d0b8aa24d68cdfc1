package io.healer.integration.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy on a free loopback port in front of one service, recording every request it passes
 * on: when, which method and path, the caller's {@code User-Agent} and the service's status. The
 * catalog points at it instead of the service, so that what a client asked of the cloud is counted
 * on the servers' side, not taken from the client's own log. A redirect's {@code Location} that
 * names the service is rewritten to name the proxy, so a client that follows it stays recorded.
 */
public final class RecordingProxy implements AutoCloseable {

  /**
   * One request passed on; {@code status} is -1 when the service did not answer. {@code body} is the
   * request's body, cut at {@value #BODY_LIMIT} characters, or empty when the proxy keeps no bodies.
   */
  public record Request(Instant at, String service, String method, String path, String userAgent, int status,
      String body) {
    @Override
    public String toString() {
      return at + " " + service + " " + method + " " + path + " -> " + status + " [" + userAgent + "]"
          + (body.isEmpty() ? "" : " " + body);
    }
  }

  private static final int BODY_LIMIT = 400;

  // Headers the JDK client sets itself (or refuses), and hop-by-hop headers a proxy must not pass on.
  private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
      "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");

  private final String service;
  private final String upstream;
  private final boolean keepBodies;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "recording-proxy");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  private RecordingProxy(String service, String upstream, boolean keepBodies) {
    this.service = service;
    this.upstream = upstream;
    this.keepBodies = keepBodies;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::forward);
    server.setExecutor(threads);
    server.start();
  }

  /**
   * Starts a proxy.
   *
   * @param service a short name for the records ("heat")
   * @param upstream the service's base, scheme, host and port ({@code http://127.0.0.1:8004})
   * @param keepBodies whether to record request bodies (never for Keystone: they hold credentials)
   */
  public static RecordingProxy start(String service, String upstream, boolean keepBodies) {
    return new RecordingProxy(service, upstream, keepBodies);
  }

  /** The proxy's base, scheme, host and port, to put where the service's would be. */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Every request passed on so far, oldest first. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      Instant at = Instant.now();
      URI uri = exchange.getRequestURI();
      String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      String method = exchange.getRequestMethod();
      String userAgent = String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"));
      byte[] body = exchange.getRequestBody().readAllBytes();
      String kept = keepBodies ? new String(body, 0, Math.min(body.length, BODY_LIMIT), StandardCharsets.UTF_8) : "";
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + pathAndQuery))
          .timeout(Duration.ofSeconds(120))
          .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> request.header(name, v));
        }
      });
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        requests.add(new Request(at, service, method, pathAndQuery, userAgent, -1, kept));
        exchange.sendResponseHeaders(502, -1);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      requests.add(new Request(at, service, method, pathAndQuery, userAgent, response.statusCode(), kept));
      response.headers().map().forEach((name, values) -> {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!NOT_FORWARDED.contains(lower) && !lower.startsWith(":")) {
          values.forEach(v -> exchange.getResponseHeaders().add(name,
              lower.equals("location") ? v.replace(upstream, base()) : v));
        }
      });
      byte[] answer = response.body();
      boolean noBody = method.equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304
          || answer.length == 0;
      exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
      if (!noBody) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
