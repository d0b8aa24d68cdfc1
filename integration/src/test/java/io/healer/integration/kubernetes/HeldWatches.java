package io.healer.integration.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;

/**
 * A watch client whose streams a test can hold back, as a slow link or a busy informer would: while
 * held, what the server sends on a watch waits before the informer reads it, so healer's cache lags
 * the server by as much as the test wants. Other requests are not touched. Thread-safe.
 */
public final class HeldWatches {

  private boolean held;

  /** A client for watches over the given client's connection and credentials, without a read timeout. */
  public synchronized ApiClient watchClient(ApiClient api) {
    OkHttpClient http = api.getHttpClient().newBuilder().readTimeout(Duration.ZERO).addNetworkInterceptor(chain -> {
      Response response = chain.proceed(chain.request());
      ResponseBody body = response.body();
      if (!"true".equals(chain.request().url().queryParameter("watch")) || body == null) {
        return response;
      }
      ForwardingSource gated = new ForwardingSource(body.source()) {
        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
          long read = super.read(sink, byteCount);
          // What was read waits here: the informer sees it only once released.
          awaitReleased();
          return read;
        }
      };
      return response.newBuilder().body(ResponseBody.create(Okio.buffer(gated), body.contentType(), -1)).build();
    }).build();
    ApiClient watch = new ApiClient(http);
    watch.setBasePath(api.getBasePath());
    return watch;
  }

  /** From now on, what the server sends on a watch waits. */
  public synchronized void hold() {
    held = true;
  }

  /** Lets everything held through. */
  public synchronized void release() {
    held = false;
    notifyAll();
  }

  private synchronized void awaitReleased() throws InterruptedIOException {
    while (held) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("the watch was stopped while held");
      }
    }
  }
}
