package io.healer.integration.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that can stall: while stalled it holds every byte in both directions
 * but keeps the connections open, as a dead NAT entry or a hung load balancer does. TLS passes
 * through untouched, or, started with {@link #terminatingTls}, is ended here as a TLS-terminating
 * load balancer in front of a plain-HTTP service does. It records when each connection came.
 */
public final class StallingProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Instant> connections = new CopyOnWriteArrayList<>();
  private volatile boolean stalled;
  private volatile boolean closed;

  private StallingProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Starts a proxy to {@code 127.0.0.1:targetPort} on a free loopback port. */
  public static StallingProxy to(int targetPort) {
    try {
      return started(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a proxy that ends TLS with {@code tls}'s server certificate and passes the plain bytes
   * to {@code 127.0.0.1:targetPort}.
   */
  public static StallingProxy terminatingTls(int targetPort, SSLContext tls) {
    try {
      return started(tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()),
          targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static StallingProxy started(ServerSocket server, int targetPort) {
    StallingProxy proxy = new StallingProxy(server, targetPort);
    Thread accept = new Thread(proxy::acceptLoop, "stalling-proxy-accept");
    accept.setDaemon(true);
    accept.start();
    return proxy;
  }

  /** When each connection was accepted, oldest first. */
  public List<Instant> connections() {
    return List.copyOf(connections);
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** From now on, no byte passes; connections stay open. */
  public void stall() {
    stalled = true;
  }

  /** Bytes flow again, the held ones first. */
  public void resume() {
    stalled = false;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        connections.add(Instant.now());
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (!closed) {
          System.out.println("[stalling-proxy] " + e);
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          while (stalled && !closed) {
            Thread.sleep(20);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: close the other too
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "stalling-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    sockets.forEach(StallingProxy::closeQuietly);
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
