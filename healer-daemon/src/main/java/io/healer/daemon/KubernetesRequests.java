package io.healer.daemon;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Counts the requests healer's Kubernetes clients make, for {@code
 * healer_kubernetes_requests_total{verb,resource,code}}: verb as the API server's audit log names it
 * ({@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code patch}, {@code
 * delete}), the resource ({@code nodes}, {@code leases}, {@code pods/eviction}...) and the status
 * code, or the exception's simple name when no answer came. The labels come from the path only: no
 * object name, namespace or query value reaches them, so their number stays small.
 */
final class KubernetesRequests implements Interceptor {

  /** One kind of request and its outcome. */
  record Kind(String verb, String resource, String code) {}

  private final Map<Kind, LongAdder> counts = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String verb = verb(request);
    String resource = resource(request.url().pathSegments());
    try {
      Response response = chain.proceed(request);
      count(new Kind(verb, resource, Integer.toString(response.code())));
      return response;
    } catch (IOException | RuntimeException e) {
      count(new Kind(verb, resource, e.getClass().getSimpleName()));
      throw e;
    }
  }

  /** Registers a counter for every kind seen so far in {@code registry}, and for each new kind as it is seen. */
  synchronized void bindTo(MeterRegistry meters) {
    this.registry = meters;
    counts.keySet().forEach(this::register);
  }

  /** The count of one kind so far (0 when never seen). */
  long count(String verb, String resource, String code) {
    LongAdder adder = counts.get(new Kind(verb, resource, code));
    return adder == null ? 0 : adder.sum();
  }

  private void count(Kind kind) {
    LongAdder adder = counts.get(kind);
    if (adder == null) {
      synchronized (this) {
        adder = counts.computeIfAbsent(kind, k -> new LongAdder());
        register(kind);
      }
    }
    adder.increment();
  }

  private void register(Kind kind) {
    MeterRegistry meters = registry;
    if (meters != null) {
      FunctionCounter.builder("healer.kubernetes.requests", counts, c -> c.get(kind).sum())
          .description("Requests to the Kubernetes API server, by verb, resource and status code")
          .tag("verb", kind.verb())
          .tag("resource", kind.resource())
          .tag("code", kind.code())
          .register(meters);
    }
  }

  static String verb(Request request) {
    String method = request.method().toUpperCase(Locale.ROOT);
    String watch = request.url().queryParameter("watch");
    return switch (method) {
      case "GET" -> "true".equals(watch) ? "watch" : (named(request.url().pathSegments()) ? "get" : "list");
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> method.toLowerCase(Locale.ROOT);
    };
  }

  /**
   * The resource of an API path: {@code /api/v1/nodes/n1} is {@code nodes}, {@code
   * /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/x} {@code leases}, {@code
   * /api/v1/namespaces/default/pods/p/eviction} {@code pods/eviction}; anything else (such as
   * {@code /version}) {@code other}.
   */
  static String resource(List<String> segments) {
    List<String> rest = afterVersion(segments);
    if (rest == null || rest.isEmpty()) {
      return "other";
    }
    if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
      rest = rest.subList(2, rest.size());
    }
    return rest.size() >= 3 ? rest.get(0) + "/" + rest.get(2) : rest.get(0);
  }

  private static boolean named(List<String> segments) {
    List<String> rest = afterVersion(segments);
    if (rest == null) {
      return true;
    }
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
    }
    return rest.size() >= 2;
  }

  /** The path after {@code /api/v1} or {@code /apis/GROUP/VERSION}; null for any other path. */
  private static List<String> afterVersion(List<String> segments) {
    if (segments.size() >= 2 && segments.get(0).equals("api")) {
      return segments.subList(2, segments.size());
    }
    if (segments.size() >= 3 && segments.get(0).equals("apis")) {
      return segments.subList(3, segments.size());
    }
    return null;
  }
}
