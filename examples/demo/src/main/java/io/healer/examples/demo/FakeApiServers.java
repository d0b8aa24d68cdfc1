package io.healer.examples.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tiny HTTP server per master standing in for its API server: {@code GET /healthz} answers
 * {@code 200 ok}. Each listens on the master's own loopback address (127.0.0.11, .12, ...) and the
 * same port, so the real Endpoint check probes it exactly as it probes a real master.
 */
final class FakeApiServers implements AutoCloseable {

  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final Map<String, HttpServer> running = new LinkedHashMap<>();
  private int port;

  /** Registers a master and starts its API server; the first one picks the shared port. */
  synchronized String add(String master) {
    String address = "127.0.0." + (11 + addresses.size());
    addresses.put(master, address);
    start(master);
    return address;
  }

  synchronized int port() {
    return port;
  }

  synchronized void start(String master) {
    if (running.containsKey(master)) {
      return;
    }
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(addresses.get(master), port), 0);
      server.createContext("/healthz", exchange -> {
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      port = server.getAddress().getPort();
      running.put(master, server);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the fake API server of " + master, e);
    }
  }

  synchronized void stop(String master) {
    HttpServer server = running.remove(master);
    if (server != null) {
      server.stop(0);
    }
  }

  @Override
  public synchronized void close() {
    running.values().forEach(s -> s.stop(0));
    running.clear();
  }
}
