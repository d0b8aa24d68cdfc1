package io.healer.provider.magnum.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body handler that reads a body as UTF-8 text (JSON's encoding, RFC 8259) up to a number of
 * bytes and gives up as soon as it knows the body is larger: at once when {@code Content-Length}
 * says so, else when the bytes received pass the limit, cancelling the rest. A broken endpoint
 * that streams without end costs at most the limit in memory.
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<String> {

  /** The most bytes of one answer read: a Heat resource list of a cluster of about 2,000 nodes. */
  public static final long MAX_BYTES = 32L * 1024 * 1024;

  /** The body was larger than the limit; carries the status of the answer it came with. */
  public static final class TooLarge extends IOException {
    /** The HTTP status of the answer. */
    private final int status;
    /** The limit the body passed, in bytes. */
    private final long limit;

    TooLarge(int status, long limit) {
      super("the body of the " + status + " answer is larger than " + limit + " bytes");
      this.status = status;
      this.limit = limit;
    }

    /**
     * The HTTP status of the answer whose body was too large.
     *
     * @return the status, such as 200 or 500
     */
    public int status() {
      return status;
    }

    /**
     * The limit it passed, in bytes.
     *
     * @return the most bytes the handler would read
     */
    public long limit() {
      return limit;
    }
  }

  private final int status;
  private final long limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private volatile TooLarge tooLarge;

  BoundedBody(int status, long limit) {
    this.status = status;
    this.limit = limit;
  }

  /**
   * A handler for one request whose body may have at most {@code limit} bytes. It remembers when it
   * gave up: the HTTP client reports a cancelled body its own way (over HTTP/2 as "Stream 1
   * cancelled", without the cause), so ask {@link Handler#tooLarge()} after an {@code IOException}.
   *
   * @param limit the most bytes of the body to read, such as {@link #MAX_BYTES}
   * @return a new handler; use it for one request only
   */
  public static Handler handler(long limit) {
    return new Handler(limit);
  }

  /** The handler of one request. */
  public static final class Handler implements HttpResponse.BodyHandler<String> {
    private final long limit;
    private volatile BoundedBody last;

    private Handler(long limit) {
      this.limit = limit;
    }

    @Override
    public HttpResponse.BodySubscriber<String> apply(HttpResponse.ResponseInfo info) {
      BoundedBody body = new BoundedBody(info.statusCode(), limit);
      if (info.headers().firstValueAsLong("Content-Length").orElse(0) > limit) {
        body.giveUp();
      }
      last = body;
      return body;
    }

    /**
     * Why the body was not read, if it was larger than the limit.
     *
     * @return the failure of the last answer this handler read; empty when it was within the limit
     *     or no answer came
     */
    public Optional<TooLarge> tooLarge() {
      BoundedBody b = last;
      return b == null ? Optional.empty() : Optional.ofNullable(b.tooLarge);
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (result.isDone()) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if (bytes.size() + (long) b.remaining() > limit) {
        giveUp();
        subscription.cancel();
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      bytes.writeBytes(chunk);
    }
  }

  private void giveUp() {
    tooLarge = new TooLarge(status, limit);
    result.completeExceptionally(tooLarge);
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toString(StandardCharsets.UTF_8));
  }

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }
}
