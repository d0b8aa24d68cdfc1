package io.healer.integration.kubernetes.contract;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One watch request as client-java's informers send it (a streamed GET with {@code watch=true}),
 * read as raw JSON lines: {@code {"type": "MODIFIED", "object": {...}}}. A background thread reads
 * the stream; the test takes events with a deadline. The end of the stream is an event too.
 */
final class WatchStream implements AutoCloseable {

  /** What {@link #next} returns once the server ended the stream. */
  static final JsonObject END = new JsonObject();

  private final Call call;
  private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private final Thread reader;

  private WatchStream(Call call) {
    this.call = call;
    this.reader = new Thread(this::read, "contract-watch");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Opens a watch.
   *
   * @param client the client whose connection and credentials are used
   * @param path a collection path, {@code /api/v1/nodes}
   * @param query more query parameters ({@code resourceVersion=12&allowWatchBookmarks=true}), or empty
   */
  static WatchStream open(ApiClient client, String path, String query) {
    // A quiet watch sends nothing for a while: no read timeout, as healer's watch client.
    OkHttpClient http = client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build();
    String url = client.getBasePath() + path + "?watch=true" + (query.isEmpty() ? "" : "&" + query);
    return new WatchStream(http.newCall(new Request.Builder().url(url).get().build()));
  }

  private void read() {
    try (Response response = call.execute()) {
      if (response.code() != 200) {
        JsonObject failed = new JsonObject();
        failed.addProperty("type", "HTTP " + response.code());
        events.add(failed);
        return;
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(response.body().byteStream(),
          StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank()) {
          events.add(JsonParser.parseString(line).getAsJsonObject());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Closed by the test, or the server went away: either way the stream ended.
    } finally {
      events.add(END);
    }
  }

  /**
   * The next event that matches, skipping others.
   *
   * @throws AssertionError when none came within the timeout, or the stream ended first
   */
  JsonObject next(String what, Duration timeout, Predicate<JsonObject> matches) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> skipped = new ArrayList<>();
    while (true) {
      JsonObject event = poll(deadline);
      if (event == null) {
        throw new AssertionError("no " + what + " within " + timeout.toSeconds() + " s; skipped " + skipped);
      }
      if (event == END) {
        events.add(END);
        throw new AssertionError("the watch ended before " + what + "; skipped " + skipped);
      }
      if (matches.test(event)) {
        return event;
      }
      skipped.add(type(event));
    }
  }

  /**
   * Every event until the server ends the stream.
   *
   * @throws AssertionError when it has not ended within the timeout
   */
  List<JsonObject> untilEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonObject> all = new ArrayList<>();
    while (true) {
      JsonObject event = poll(deadline);
      if (event == null) {
        throw new AssertionError("the server did not end the watch within " + timeout.toSeconds() + " s; got "
            + all.stream().map(WatchStream::type).toList());
      }
      if (event == END) {
        events.add(END);
        return all;
      }
      all.add(event);
    }
  }

  private JsonObject poll(long deadline) {
    try {
      return events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** An event's type: ADDED, MODIFIED, DELETED, BOOKMARK, ERROR. */
  static String type(JsonObject event) {
    return event.get("type").getAsString();
  }

  /** The object of an event. */
  static JsonObject object(JsonObject event) {
    return event.getAsJsonObject("object");
  }

  @Override
  public void close() {
    call.cancel();
  }
}
