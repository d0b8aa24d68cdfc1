package io.healer.checks.standard;

import io.healer.api.NodeAddress;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.api.check.HealthCheck;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Probes HTTP(S) endpoints on a node's InternalIP; healthy when every endpoint answers with an ok
 * code. Thread-safe: the one {@link HttpClient}, built at creation, is shared by all probes.
 */
final class EndpointCheck implements HealthCheck {

  private final EndpointOptions options;
  private final HttpClient client;

  /**
   * @param options the validated params
   * @param sslContext the TLS context for HTTPS; {@code null} for HTTP
   */
  EndpointCheck(EndpointOptions options, SSLContext sslContext) {
    this.options = options;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(options.timeout())
        // A node is probed directly: never through a proxy from the JVM's settings.
        .proxy(HttpClient.Builder.NO_PROXY)
        // A redirect is judged by ok-codes, and the token never follows it elsewhere.
        .followRedirects(HttpClient.Redirect.NEVER);
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    this.client = builder.build();
  }

  /** The validated params, for tests. */
  EndpointOptions options() {
    return options;
  }

  /** Masters only, as in the Go healer (its EndpointCheck does not support worker nodes). */
  @Override
  public Set<NodeRole> roles() {
    return EnumSet.of(NodeRole.MASTER);
  }

  @Override
  public Verdict check(NodeInfo node, CheckContext context) {
    String ip = node.address(NodeAddress.INTERNAL_IP).orElse(null);
    if (ip == null) {
      return Verdict.unknown("the node has no InternalIP address to probe");
    }
    String authorization = null;
    if (options.token().isPresent()) {
      BearerToken token = options.token().get();
      try {
        authorization = "Bearer " + token.read();
      } catch (IOException e) {
        return Verdict.unknown("no bearer token to send: " + e.getMessage());
      }
    }
    // The whole check keeps to the engine's budget, whatever the number of endpoints.
    long deadline = System.nanoTime() + context.timeout().toNanos();
    for (String path : options.paths()) {
      URI uri;
      try {
        uri = uri(ip, path);
      } catch (IllegalArgumentException e) {
        return Verdict.unknown("the node's InternalIP '" + ip + "' does not make a valid URL");
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return Verdict.unknown("the check's time budget of " + ProbeFailures.format(context.timeout())
            + " ran out before probing " + uri);
      }
      boolean ownTimeout = options.timeout().compareTo(Duration.ofNanos(remaining)) <= 0;
      Duration timeout = ownTimeout ? options.timeout() : Duration.ofNanos(remaining);
      // What is left of the budget shifts by the time the check took so far: name the budget itself.
      String timedOut = ownTimeout ? "timed out after " + ProbeFailures.format(timeout)
          : "timed out at the end of the check's time budget of " + ProbeFailures.format(context.timeout());
      Verdict verdict = probe(uri, authorization, timeout, timedOut);
      if (!verdict.isHealthy()) {
        return verdict;
      }
    }
    return Verdict.healthy();
  }

  private Verdict probe(URI uri, String authorization, Duration timeout, String timedOut) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(timeout);
    if (authorization != null) {
      try {
        request.header("Authorization", authorization);
      } catch (IllegalArgumentException e) {
        // The JDK's message could quote the value: leave it out.
        return Verdict.unknown("the bearer token from " + options.token().get().source()
            + " is not a valid HTTP header value");
      }
    }
    CompletableFuture<HttpResponse<Void>> response =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
    try {
      int code = response.get(timeout.toNanos(), TimeUnit.NANOSECONDS).statusCode();
      if (options.okCodes().contains(code)) {
        return Verdict.healthy();
      }
      return Verdict.unhealthy("GET " + uri + " returned " + code + ", expected "
          + (options.okCodes().size() == 1 ? options.okCodes().get(0) : "one of " + options.okCodes()));
    } catch (TimeoutException e) {
      response.cancel(true);
      return Verdict.unhealthy("GET " + uri + " " + timedOut);
    } catch (ExecutionException e) {
      return Verdict.unhealthy("GET " + uri + " " + ProbeFailures.describe(e.getCause(), timeout));
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      return Verdict.unknown("interrupted while probing " + uri);
    }
  }

  /** The URL of one endpoint: {@code scheme://ip:port/path}, an IPv6 address in brackets. */
  private URI uri(String ip, String path) {
    String host = ip.indexOf(':') >= 0 && !ip.startsWith("[") ? "[" + ip + "]" : ip;
    return URI.create(options.scheme() + "://" + host + ":" + options.port() + path);
  }

  @Override
  public String toString() {
    return "EndpointCheck[" + options.scheme() + " port " + options.port() + " " + options.paths()
        + ", ok-codes " + options.okCodes() + ", timeout " + ProbeFailures.format(options.timeout())
        + options.token().map(t -> ", token from " + t.source()).orElse("") + "]";
  }
}
