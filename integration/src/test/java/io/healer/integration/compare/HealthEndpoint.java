package io.healer.integration.compare;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.healer.integration.support.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The master's API server health endpoint, as both healers' Endpoint checks probe it: {@code GET
 * /healthz} on the master's InternalIP (127.0.0.1 here) and a port the shared config names. It
 * answers 200 {@code ok}, or, once {@link #fail() failing}, 500 {@code healthz check failed} as a
 * kube-apiserver whose checks fail does.
 */
final class HealthEndpoint implements AutoCloseable {

  private final HttpServer server;
  private volatile boolean failing;

  HealthEndpoint() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", Ports.free()), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/healthz", this::answer);
    server.start();
  }

  /** The port, for the config's Endpoint check. */
  int port() {
    return server.getAddress().getPort();
  }

  /** From now on it answers 500. */
  void fail() {
    failing = true;
  }

  /** From now on it answers 200 (the server came back). */
  void heal() {
    failing = false;
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = (failing ? "healthz check failed" : "ok").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(failing ? 500 : 200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
