package io.healer.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints on the JDK's HTTP server: {@code /metrics} (Prometheus text format),
 * {@code /healthz} (200 while the process serves) and {@code /readyz} (200 when ready, else 503
 * with what it waits for: {@code not ready: connecting to the Kubernetes API server ...}). GET and
 * HEAD only; any other path is 404.
 */
final class OpsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
  static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService threads;

  private OpsServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /**
   * Starts serving.
   *
   * @param address where to listen; port 0 picks a free one
   * @param metrics the current scrape
   * @param ready whether to answer 200 on {@code /readyz}
   * @throws DaemonException if the address cannot be bound
   */
  static OpsServer start(InetSocketAddress address, Supplier<String> metrics, BooleanSupplier ready) {
    return start(address, metrics, ready, () -> "");
  }

  /**
   * Starts serving, with the reason {@code /readyz} gives while not ready.
   *
   * @param waitingFor what readiness waits for, one line without secrets; empty for none
   */
  static OpsServer start(InetSocketAddress address, Supplier<String> metrics, BooleanSupplier ready,
      Supplier<String> waitingFor) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new DaemonException("cannot serve /metrics, /healthz and /readyz on " + address + ": " + e.getMessage(), e);
    }
    ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "healer-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", exchange -> handle(exchange, metrics, ready, waitingFor));
    server.start();
    OpsServer ops = new OpsServer(server, threads);
    LOG.info("serving /metrics, /healthz and /readyz on port {}", ops.port());
    return ops;
  }

  /** The port listened on. */
  int port() {
    return server.getAddress().getPort();
  }

  private static void handle(HttpExchange exchange, Supplier<String> metrics, BooleanSupplier ready,
      Supplier<String> waitingFor) {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case "/metrics" -> respond(exchange, 200, METRICS_TYPE, metrics.get());
        case "/healthz" -> respond(exchange, 200, "text/plain; charset=utf-8", "ok\n");
        case "/readyz" -> {
          boolean isReady = ready.getAsBoolean();
          String why = isReady ? "" : waitingFor.get();
          respond(exchange, isReady ? 200 : 503, "text/plain; charset=utf-8",
              isReady ? "ok\n" : why.isEmpty() ? "not ready\n" : "not ready: " + why + "\n");
        }
        default -> respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("an operations request failed", e);
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
