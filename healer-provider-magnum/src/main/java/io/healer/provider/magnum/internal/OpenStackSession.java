package io.healer.provider.magnum.internal;

import io.healer.api.cloud.FailedCall;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated Keystone v3 session shared by every thread: one token, renewed before it
 * expires (by the injected clock) and once more when a service answers 401; endpoints from the
 * token's catalog for the configured region and interface.
 *
 * <p>Every call has a timeout. Only idempotent calls ({@code GET}, and deletes that say so) are
 * retried, as {@link RetryPolicy} says (no answer, 429, 5xx; backoff with jitter, or the service's
 * {@code Retry-After}); a change is sent once, so a 500 on a resize never becomes a second resize.
 * Bodies are read up to {@link BoundedBody#MAX_BYTES} and parsed as strict JSON up to {@link
 * Json#MAX_DEPTH} levels; an answer that passes either, or is not JSON, is a failed call naming the
 * service and the status. Thread-safe.
 */
public final class OpenStackSession {

  private static final Logger log = LoggerFactory.getLogger(OpenStackSession.class);
  private static final Duration MAX_RENEW_MARGIN = Duration.ofMinutes(5);
  private static final String KEYSTONE_LOGIN = "Keystone POST /v3/auth/tokens";
  /** Keystone's catalog type: the service of a failed login in {@link #failedCalls()}. */
  private static final String IDENTITY = "identity";

  /** Waits between retries; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits for the duration.
     *
     * @param duration how long to wait; zero or more
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * A call to a service.
   *
   * @param service the official catalog type, such as {@code compute} or {@code block-storage}
   *     (found in the catalog under its aliases too: {@link ServiceCatalog})
   * @param method the HTTP method
   * @param path the path below the endpoint, with its query, such as {@code /servers/{id}}
   * @param body the JSON body, or {@code null}
   * @param headers extra headers, such as a microversion
   * @param idempotent whether it may be sent again after a server error
   */
  public record Call(String service, String method, String path, Object body, Map<String, String> headers,
      boolean idempotent) {

    /**
     * A GET: idempotent.
     *
     * @param service the catalog type, such as {@code compute}
     * @param path the path below the endpoint, with its query
     * @return a call without body or extra headers, retried after a server error
     */
    public static Call get(String service, String path) {
      return new Call(service, "GET", path, null, Map.of(), true);
    }

    /**
     * A change: sent once.
     *
     * @param service the catalog type, such as {@code container-infra}
     * @param method the HTTP method, such as {@code POST} or {@code PATCH}
     * @param path the path below the endpoint, with its query
     * @param body the JSON body (maps, lists, strings, numbers, booleans), or {@code null} for none
     * @return a call without extra headers, never sent again after a server error
     */
    public static Call change(String service, String method, String path, Object body) {
      return new Call(service, method, path, body, Map.of(), false);
    }

    /**
     * The same call with an extra header.
     *
     * @param name the header's name, such as {@code OpenStack-API-Version}; replaces a header of
     *     that name
     * @param value the header's value
     * @return a new call; this one is unchanged
     */
    public Call withHeader(String name, String value) {
      Map<String, String> h = new HashMap<>(headers);
      h.put(name, value);
      return new Call(service, method, path, body, Map.copyOf(h), idempotent);
    }

    /**
     * The same call, marked idempotent.
     *
     * @return a new call that is retried after a server error; this one is unchanged
     */
    public Call asIdempotent() {
      return new Call(service, method, path, body, headers, true);
    }

    /** Such as {@code Magnum GET /clusters/k8s}: the service by its project's name. */
    String describe() {
      return ServiceCatalog.nameOf(service) + " " + method + " " + path;
    }
  }

  /**
   * A service's answer.
   *
   * @param call the call it answers
   * @param status the HTTP status
   * @param body the body, at most {@link BoundedBody#MAX_BYTES}
   * @param location the {@code Location} header, or {@code null}
   * @param contentType the {@code Content-Type} header, or {@code null}
   * @param retryAfter the {@code Retry-After} header, or {@code null}
   */
  public record Reply(Call call, int status, String body, String location, String contentType, String retryAfter) {
    /**
     * The body as a JSON object (empty when there is none).
     *
     * @return the parsed object, its keys in the body's order; an empty map for an empty body
     * @throws OpenStackException when the body is not a JSON object, naming the call and status
     */
    public Map<String, Object> json() {
      return jsonObject(call.describe(), status, contentType, body);
    }

    /**
     * Reads the body with {@code reader}. Valid JSON in another shape than the service's API
     * reference gives (a string where an object belongs, a list of numbers) is an {@link
     * OpenStackException} naming the call and status, never a {@code ClassCastException} thrown out
     * of a repair.
     *
     * @param <T> what the reader makes of the body
     * @param reader picks the wanted values out of the body's JSON object; may cast and throw on a
     *     missing value, which becomes an {@link OpenStackException}
     * @return what the reader returned
     * @throws OpenStackException when the body is not a JSON object or not in the shape read
     */
    public <T> T read(java.util.function.Function<Map<String, Object>, T> reader) {
      Map<String, Object> json = json();
      try {
        return reader.apply(json);
      } catch (ClassCastException | NullPointerException e) {
        throw new OpenStackException(status, call.describe() + " answered " + status
            + " with JSON in another shape than its API reference gives (" + e.getClass().getSimpleName() + ")");
      }
    }
  }

  private record Token(String value, Instant expiresAt, Instant renewAt, Map<String, Object> body) {}

  private final AuthConfig auth;
  private final HttpClient http;
  private final Clock clock;
  private final Duration timeout;
  private final int retries;
  private final Sleeper sleeper;
  private final RetryPolicy retryPolicy;
  /** Failed calls by service and cause, for the provider's {@code failedCalls()}. */
  private final Map<FailedCall, LongAdder> failures = new ConcurrentHashMap<>();
  private volatile Token token;

  /**
   * @param auth how to log in
   * @param clock decides when the token is renewed
   * @param timeout the time budget of one HTTP request
   * @param retries how often an idempotent call is sent again after a server error
   * @param sleeper waits between retries
   */
  public OpenStackSession(AuthConfig auth, Clock clock, Duration timeout, int retries, Sleeper sleeper) {
    this(auth, clock, timeout, retries, sleeper, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param auth how to log in
   * @param clock decides when the token is renewed, reads {@code Retry-After} dates and deadlines
   * @param timeout the time budget of one HTTP request
   * @param retries how often an idempotent call is sent again after a server error
   * @param sleeper waits between retries
   * @param jitter numbers in {@code [0, 1)} that spread the backoff; tests pass a fixed one
   */
  public OpenStackSession(AuthConfig auth, Clock clock, Duration timeout, int retries, Sleeper sleeper,
      DoubleSupplier jitter) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeout = timeout;
    this.retries = retries;
    this.sleeper = sleeper;
    this.retryPolicy = new RetryPolicy(retries, clock, Objects.requireNonNull(jitter, "jitter"));
    HttpClient.Builder b = HttpClient.newBuilder()
        .connectTimeout(timeout)
        // Never followed: a redirect's target is decided by the caller (Heat's stack lookup).
        .followRedirects(HttpClient.Redirect.NEVER);
    if (auth.authUrl().startsWith("https:")) {
      b.sslContext(TlsContexts.create(auth));
    }
    this.http = b.build();
  }

  /**
   * Sends a call and returns the answer, which is 2xx or 3xx.
   *
   * @param call the call; a 401 makes the session log in again and send it once more
   * @return the service's answer, with a status below 400
   * @throws OpenStackException for any other answer or none, naming the call and the service's
   *     error text (no secrets)
   */
  public Reply send(Call call) {
    Token used = currentToken();
    Reply reply = sendWithRetries(call, used);
    if (reply.status() == 401) {
      // The token was revoked or expired early: renew it once and repeat. Safe for any method, as
      // a 401 means the service did nothing.
      log.info("{} answered 401; logging in to Keystone again, once", call.describe());
      reply = sendWithRetries(call, renew(used));
    }
    if (reply.status() >= 400) {
      failed(call.service(), "HTTP " + reply.status());
      throw failure(reply, "");
    }
    return reply;
  }

  /**
   * How many calls failed since the session was made, by service and cause.
   *
   * @return an unmodifiable snapshot: a count for each service and cause (such as {@code HTTP 503})
   *     seen at least once
   */
  public Map<FailedCall, Long> failedCalls() {
    Map<FailedCall, Long> counts = new java.util.HashMap<>();
    failures.forEach((k, v) -> counts.put(k, v.sum()));
    return Map.copyOf(counts);
  }

  private void failed(String service, String cause) {
    failures.computeIfAbsent(new FailedCall(service, cause), k -> new LongAdder()).increment();
  }

  private static OpenStackException failure(Reply reply, String note) {
    return new OpenStackException(reply.status(), reply.call().describe() + " answered " + reply.status()
        + errorText(reply.contentType(), reply.body()) + note);
  }

  /**
   * The session's project id, from the token (empty for a domain-scoped token).
   *
   * @return the id of the project the token is scoped to, or an empty string; logs in first when
   *     there is no valid token
   * @throws OpenStackException when a login is needed and Keystone refuses it
   */
  @SuppressWarnings("unchecked")
  public String projectId() {
    Object project = currentToken().body().get("project");
    return project instanceof Map<?, ?> p ? String.valueOf(((Map<String, Object>) p).get("id")) : "";
  }

  private Reply sendWithRetries(Call call, Token t) {
    String base = endpoint(t, call.service());
    // Attempts and waits together end within what the attempts alone could take.
    Instant deadline = clock.instant().plus(timeout.multipliedBy(retries + 1L));
    for (int attempt = 0; ; attempt++) {
      Reply reply;
      String noAnswer = null;
      try {
        reply = exchange(base + call.path(), call, t.value());
      } catch (IOException e) {
        reply = new Reply(call, 0, "", null, null, null);
        noAnswer = e.getClass().getSimpleName();
      }
      RetryPolicy.Decision next = call.idempotent() && RetryPolicy.retried(reply.status())
          ? retryPolicy.next(attempt, reply.status(), Optional.ofNullable(reply.retryAfter()), deadline) : null;
      if (next != null && next.retry()) {
        log.info("{} answered {}; retrying in {} ms", call.describe(), reply.status(), next.delay().toMillis());
        pause(next.delay());
        continue;
      }
      // Say why a call that could have been sent again was not, unless it simply had its retries.
      String note = next != null && attempt < retries ? "; not sent again: " + next.refusal() : "";
      if (noAnswer != null) {
        failed(call.service(), noAnswer);
        throw new OpenStackException(0, call.describe() + " got no answer: " + noAnswer + note);
      }
      if (!note.isEmpty()) {
        failed(call.service(), "HTTP " + reply.status());
        throw failure(reply, note);
      }
      return reply;
    }
  }

  private Reply exchange(String url, Call call, String tokenValue) throws IOException {
    HttpRequest.BodyPublisher body = call.body() == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(Json.write(call.body()));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .timeout(timeout)
        .method(call.method(), body)
        .header("Accept", "application/json")
        .header("User-Agent", "healer-provider-magnum")
        .header("X-Auth-Token", tokenValue);
    if (call.body() != null) {
      b.header("Content-Type", "application/json");
    }
    call.headers().forEach(b::header);
    HttpResponse<String> r = transmit(b.build(), call.describe());
    return new Reply(call, r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null),
        r.headers().firstValue("Content-Type").orElse(null), r.headers().firstValue("Retry-After").orElse(null));
  }

  /**
   * Sends a request and reads its body within {@link BoundedBody#MAX_BYTES}.
   *
   * @throws IOException when no answer came (worth a retry)
   * @throws OpenStackException when the body is too large (a broken endpoint: not retried)
   */
  private HttpResponse<String> transmit(HttpRequest request, String what) throws IOException {
    BoundedBody.Handler body = BoundedBody.handler(BoundedBody.MAX_BYTES);
    try {
      return http.send(request, body);
    } catch (IOException e) {
      Optional<BoundedBody.TooLarge> large = body.tooLarge();
      if (large.isPresent()) {
        int status = large.get().status();
        throw new OpenStackException(status, what + " answered " + status + " with a body larger than "
            + large.get().limit() / (1024 * 1024) + " MiB, the most healer reads of one answer");
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private Token currentToken() {
    Token t = token;
    if (t != null && clock.instant().isBefore(t.renewAt())) {
      return t;
    }
    return renew(t);
  }

  /** Renews unless another thread already replaced the token that failed. */
  private synchronized Token renew(Token failed) {
    Token t = token;
    if (t != null && t != failed && clock.instant().isBefore(t.renewAt())) {
      return t;
    }
    token = authenticate();
    return token;
  }

  private Token authenticate() {
    String url = auth.authUrl().replaceAll("/+$", "");
    url = url.endsWith("/v3") ? url : url + "/v3";
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/auth/tokens"))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(auth.tokenRequest())))
        .build();
    HttpResponse<String> r;
    try {
      r = transmit(request, KEYSTONE_LOGIN);
    } catch (javax.net.ssl.SSLException e) {
      failed(IDENTITY, e.getClass().getSimpleName());
      throw new OpenStackException(0, "TLS with Keystone at " + url + " failed (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); is its CA in ca-file (clouds.yaml: cacert)?");
    } catch (IOException e) {
      failed(IDENTITY, e.getClass().getSimpleName());
      throw new OpenStackException(0, Thread.currentThread().isInterrupted()
          ? "interrupted while asking Keystone for a token"
          : "Keystone at " + url + " gave no answer: " + e.getClass().getSimpleName());
    }
    String contentType = r.headers().firstValue("Content-Type").orElse(null);
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      failed(IDENTITY, "HTTP " + r.statusCode());
      throw new OpenStackException(r.statusCode(), (r.statusCode() == 401 ? "Keystone refused the credentials: "
          : KEYSTONE_LOGIN + " answered ") + r.statusCode() + errorText(contentType, r.body()));
    }
    // The body first: a proxy's page has no X-Subject-Token either, and its type says more.
    Map<String, Object> body = tokenBody(r.statusCode(), contentType, r.body());
    String value = r.headers().firstValue("X-Subject-Token").orElseThrow(() -> new OpenStackException(
        r.statusCode(), KEYSTONE_LOGIN + " answered " + r.statusCode() + " without X-Subject-Token"));
    Instant now = clock.instant();
    Instant expires = body.get("expires_at") == null ? now.plus(Duration.ofHours(1))
        : Instant.parse(String.valueOf(body.get("expires_at")));
    Duration lifetime = Duration.between(now, expires);
    Duration margin = lifetime.dividedBy(10).compareTo(MAX_RENEW_MARGIN) < 0 ? lifetime.dividedBy(10) : MAX_RENEW_MARGIN;
    log.info("logged in to Keystone; the session is valid until {}", expires);
    return new Token(value, expires, expires.minus(margin), body);
  }

  private String endpoint(Token t, String service) {
    Object catalog = t.body().getOrDefault("catalog", List.of());
    return ServiceCatalog.endpoint(catalog instanceof List<?> l ? l : List.of(), service, auth.region(),
        ServiceCatalog.interfaceOf(auth.endpointType()));
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The {@code token} of Keystone's answer, which must carry the catalog: the endpoints of Nova,
   * Magnum and Heat are found nowhere else.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> tokenBody(int status, String contentType, String body) {
    Object token = jsonObject(KEYSTONE_LOGIN, status, contentType, body).get("token");
    if (!(token instanceof Map<?, ?> t)) {
      throw new OpenStackException(status, KEYSTONE_LOGIN + " answered " + status + " without a token object");
    }
    Object catalog = t.get("catalog");
    if (!(catalog instanceof List<?> c) || c.isEmpty()) {
      throw new OpenStackException(status, KEYSTONE_LOGIN + " answered " + status + " with a token "
          + (catalog == null ? "without a service catalog" : "whose service catalog is empty")
          + ": healer finds Nova, Magnum and Heat only there");
    }
    return (Map<String, Object>) t;
  }

  /** The body as a JSON object, else a failed call that says who sent what. */
  static Map<String, Object> jsonObject(String what, int status, String contentType, String body) {
    try {
      return Json.object(body);
    } catch (IllegalArgumentException e) {
      throw new OpenStackException(status, what + " answered " + status + " with " + bodyKind(contentType, body)
          + " that is not a JSON object: " + e.getMessage());
    }
  }

  /** Such as "a 1234-byte text/html body": what arrived instead of JSON, with no content. */
  private static String bodyKind(String contentType, String body) {
    String type = contentType == null ? "" : contentType.replaceFirst(";.*", "").strip();
    type = type.length() > 60 ? type.substring(0, 60) : type;
    return "a " + body.getBytes(StandardCharsets.UTF_8).length + "-byte " + (type.isEmpty() ? "" : type + " ") + "body";
  }

  /**
   * The service's own error text, shortened; bodies of errors carry no secrets. A body that is not
   * JSON is named by its type: a proxy's error page ({@code text/html}) tells the operator that
   * the service itself may never have seen the call.
   */
  static String errorText(String contentType, String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text;
    try {
      text = find(Json.parse(body));
    } catch (IllegalArgumentException e) {
      return " (" + bodyKind(contentType, body) + ", not OpenStack's JSON: a proxy may have answered)";
    }
    if (text == null || text.isBlank()) {
      return "";
    }
    return ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
  }

  /**
   * The first {@code message} anywhere in the body, else the first {@code detail}, else the first
   * {@code title}. Each service nests its text its own way: Heat puts it in {@code error.message}
   * beside a top-level {@code title} that is only the status's name ("Not Found"), Magnum in
   * {@code errors[].detail}, Nova under the fault's name ({@code itemNotFound.message}).
   */
  private static String find(Object json) {
    for (String key : List.of("message", "detail", "title")) {
      String s = find(json, key);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  private static String find(Object json, String key) {
    if (json instanceof Map<?, ?> m) {
      if (m.get(key) instanceof String s && !s.isBlank()) {
        return s;
      }
      for (Object v : m.values()) {
        String s = find(v, key);
        if (s != null) {
          return s;
        }
      }
    } else if (json instanceof List<?> l) {
      for (Object v : l) {
        String s = find(v, key);
        if (s != null) {
          return s;
        }
      }
    }
    return null;
  }
}
