package io.healer.integration.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP GETs to a server the suite started on a port of 127.0.0.1. */
public final class LoopbackHttp {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  /** For the server listening on {@code 127.0.0.1:port}. */
  public LoopbackHttp(int port) {
    this.port = port;
  }

  /** The status code of {@code path}, or -1 when nothing answers (not started yet, or gone). */
  public int status(String path) {
    try {
      return http.send(request(path, Duration.ofSeconds(5)), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The body of {@code path}, whatever the status; fails when nothing answers. */
  public String body(String path) {
    try {
      return http.send(request(path, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String path, Duration timeout) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout).build();
  }
}
