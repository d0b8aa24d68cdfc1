package io.healer.kubernetes;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.util.PatchUtils;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every engine decision as a {@code core/v1} Event on the Node, as {@code kubectl describe
 * node} shows them: reason = the event's CamelCase reason, type Warning for bad news, source
 * component {@value #COMPONENT}.
 *
 * <p>Deduplicated as kubectl expects: the same (node, reason, message) within {@link
 * #DEDUPE_WINDOW} increments the existing Event's count and lastTimestamp instead of creating a new
 * one. The engine's thread only queues (bounded; a full queue drops the event with a warning); one
 * background thread sends. Thread-safe.
 */
final class KubernetesEventRecorder implements HealerListener, AutoCloseable {

  static final String COMPONENT = "healer";
  /** Node events live in the default namespace, as the kubelet's do. */
  static final String NAMESPACE = "default";
  static final Duration DEDUPE_WINDOW = Duration.ofMinutes(10);
  static final int QUEUE_SIZE = 1000;
  private static final int REMEMBERED = 4096;
  private static final Set<HealerEvent.Type> WARNINGS = Set.of(HealerEvent.Type.UNHEALTHY_DETECTED,
      HealerEvent.Type.REPAIR_CANDIDATE, HealerEvent.Type.REPAIR_FAILED, HealerEvent.Type.REPAIR_GIVEN_UP);

  private static final Logger log = LoggerFactory.getLogger(KubernetesEventRecorder.class);

  private final ApiClient client;
  private final CoreV1Api core;
  private final Clock clock;
  private final String instance;
  private final Function<String, Optional<String>> nodeUid;
  private final BlockingQueue<HealerEvent> queue = new ArrayBlockingQueue<>(QUEUE_SIZE);
  private final Map<Key, Sent> sent = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Sent> eldest) {
      return size() > REMEMBERED;
    }
  };
  private final java.util.concurrent.atomic.AtomicInteger sequence = new java.util.concurrent.atomic.AtomicInteger();
  private Thread sender;

  KubernetesEventRecorder(ApiClient client, Clock clock, String instance, Function<String, Optional<String>> nodeUid) {
    this.client = client;
    this.core = new CoreV1Api(client);
    this.clock = clock;
    this.instance = instance;
    this.nodeUid = nodeUid;
  }

  @Override
  public void onEvent(HealerEvent event) {
    if (!queue.offer(event)) {
      log.warn("the event queue is full; dropped {}", event);
    }
  }

  /** Starts the background sender. */
  synchronized void start() {
    if (sender != null) {
      return;
    }
    sender = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          HealerEvent e = queue.poll(1, TimeUnit.SECONDS);
          if (e != null) {
            send(e);
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }, "healer-events");
    sender.setDaemon(true);
    sender.start();
  }

  /** Sends everything queued, on the caller's thread (for tests and for shutdown). */
  void sendPending() {
    HealerEvent e;
    while ((e = queue.poll()) != null) {
      send(e);
    }
  }

  /** How many events wait to be sent. */
  int pending() {
    return queue.size();
  }

  @Override
  public void close() {
    Thread s;
    synchronized (this) {
      s = sender;
      sender = null;
    }
    if (s != null) {
      s.interrupt();
      try {
        s.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Bounded: a shutdown must not hang on an unreachable API server with a full queue.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    HealerEvent e;
    while (System.nanoTime() < deadline && (e = queue.poll()) != null) {
      send(e);
    }
  }

  private void send(HealerEvent event) {
    Instant now = clock.instant();
    Key key = new Key(event.nodeName(), event.type().reason(), message(event));
    Sent previous;
    synchronized (sent) {
      previous = sent.get(key);
    }
    try {
      if (previous != null && now.isBefore(previous.last.plus(DEDUPE_WINDOW))) {
        int count = previous.count + 1;
        if (patchCount(previous.name, count, now)) {
          remember(key, new Sent(previous.name, count, now));
          return;
        }
      }
      // As client-go names them (node.<unix nanos in hex>), plus a sequence: one instant may carry several.
      long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
      String name = String.format("%s.%x%04x", event.nodeName(), nanos, sequence.getAndIncrement() & 0xffff);
      core.createNamespacedEvent(NAMESPACE, build(event, key, name, now)).execute();
      remember(key, new Sent(name, 1, now));
    } catch (ApiException | RuntimeException e) {
      log.warn("could not write the {} event of node {}: {}", key.reason, key.node, ApiErrors.describe(e));
    }
  }

  /** Increments an Event's count; false when it is gone (events expire after an hour). */
  private boolean patchCount(String name, int count, Instant now) throws ApiException {
    Map<String, Object> patch = Map.of("count", count, "lastTimestamp",
        now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    String body = JSON.serialize(patch);
    try {
      PatchUtils.patch(CoreV1Event.class, () -> core.patchNamespacedEvent(name, NAMESPACE, new V1Patch(body))
          .buildCall(null), V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
      return true;
    } catch (ApiException e) {
      if (e.getCode() == ApiErrors.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private CoreV1Event build(HealerEvent event, Key key, String name, Instant now) {
    OffsetDateTime t = time(now);
    return new CoreV1Event()
        .metadata(new V1ObjectMeta().name(name).namespace(NAMESPACE))
        .involvedObject(new V1ObjectReference().kind("Node").apiVersion("v1").name(event.nodeName())
            .uid(nodeUid.apply(event.nodeName()).orElse(null)))
        .reason(key.reason)
        .message(key.message)
        .type(WARNINGS.contains(event.type()) ? "Warning" : "Normal")
        .source(new V1EventSource().component(COMPONENT))
        .reportingComponent(COMPONENT)
        .reportingInstance(instance)
        .firstTimestamp(t)
        .lastTimestamp(t)
        .count(1);
  }

  /** The message people read: the action and the check first, then the engine's sentence. */
  private static String message(HealerEvent event) {
    StringBuilder m = new StringBuilder();
    event.action().ifPresent(a -> m.append(a.name().toLowerCase(java.util.Locale.ROOT)).append(": "));
    event.check().ifPresent(c -> m.append('[').append(c).append("] "));
    m.append(event.message());
    // The API server rejects messages over 1 KiB.
    return m.length() > 1024 ? m.substring(0, 1021) + "..." : m.toString();
  }

  private void remember(Key key, Sent value) {
    synchronized (sent) {
      sent.put(key, value);
    }
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private record Key(String node, String reason, String message) {}

  private record Sent(String name, int count, Instant last) {}
}
