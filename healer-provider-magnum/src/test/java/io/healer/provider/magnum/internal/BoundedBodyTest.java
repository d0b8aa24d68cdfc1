package io.healer.provider.magnum.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** A body is read up to its limit and no further, whether or not it said its length. */
class BoundedBodyTest {

  /** The HTTP client's side of a subscription: counts what was asked and whether it was cancelled. */
  static final class Subscription implements Flow.Subscription {
    long requested;
    boolean cancelled;

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  static List<ByteBuffer> chunk(String s) {
    return List.of(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aBodyWithinTheLimitIsReadAsUtf8() throws Exception {
    BoundedBody body = new BoundedBody(200, 10);
    Subscription s = new Subscription();
    body.onSubscribe(s);
    body.onNext(chunk("{\"é\":"));
    body.onNext(chunk("1}"));
    body.onComplete();
    assertThat(body.getBody().toCompletableFuture().get()).isEqualTo("{\"é\":1}");
    assertThat(s.cancelled).isFalse();
  }

  @Test
  void aStreamPastTheLimitIsCancelledAndFailsWithItsStatus() {
    BoundedBody body = new BoundedBody(200, 10);
    Subscription s = new Subscription();
    body.onSubscribe(s);
    body.onNext(chunk("[1,2,3,"));
    body.onNext(chunk("4,5,6,"));
    body.onNext(chunk("7]"));
    assertThat(s.cancelled).isTrue();
    CompletableFuture<String> result = body.getBody().toCompletableFuture();
    assertThat(result).isCompletedExceptionally();
    assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).satisfies(e ->
        assertThat(e.getCause()).isInstanceOfSatisfying(BoundedBody.TooLarge.class, t -> {
          assertThat(t.status()).isEqualTo(200);
          assertThat(t.limit()).isEqualTo(10);
        }));
  }

  @Test
  void aContentLengthPastTheLimitIsRefusedBeforeAnyByteIsRead() {
    BoundedBody.Handler handler = BoundedBody.handler(10);
    HttpResponse.BodySubscriber<String> body = handler.apply(new HttpResponse.ResponseInfo() {
      @Override
      public int statusCode() {
        return 502;
      }

      @Override
      public HttpHeaders headers() {
        return HttpHeaders.of(Map.of("Content-Length", List.of("11")), (k, v) -> true);
      }

      @Override
      public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
      }
    });
    Subscription s = new Subscription();
    body.onSubscribe(s);
    assertThat(s.cancelled).isTrue();
    assertThat(s.requested).isZero();
    assertThat(handler.tooLarge()).hasValueSatisfying(t -> assertThat(t.status()).isEqualTo(502));
    assertThat(body.getBody().toCompletableFuture()).isCompletedExceptionally();
  }
}
