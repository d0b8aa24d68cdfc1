package io.healer.kubernetes;

import io.healer.core.config.HealerConfig;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.auth.ApiKeyAuth;
import io.kubernetes.client.openapi.auth.Authentication;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The two API clients healer uses: one for requests, with a read timeout so that no call can hang a
 * cycle, and one for watches, without a read timeout (client-java's informers require it: a quiet
 * watch sends nothing for minutes).
 *
 * <p>Connection follows the Go healer's keys: {@code kubernetes.kubeconfig} if set, else the
 * in-cluster service account, with {@code kubernetes.api-host} overriding the server address. TLS
 * verification is always on. Using this type makes client-java tolerate fields its models do not
 * know ({@link TolerantJson}). Neither this type nor its {@code toString()} ever shows a credential.
 *
 * @param api the client for ordinary requests
 * @param watch the client for watches and informers (read timeout zero)
 */
public record KubernetesClients(ApiClient api, ApiClient watch) {

  static {
    // Before any client decodes an object: a newer server's fields must not break the informers.
    TolerantJson.install();
  }

  /** The read timeout of ordinary requests. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Validates that both clients are present and the watch client has no read timeout.
   *
   * @param api the client for ordinary requests; not null
   * @param watch the client for watches and informers; not null, with a read timeout of zero
   * @throws IllegalArgumentException when the watch client has a read timeout
   */
  public KubernetesClients {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(watch, "watch");
    if (watch.getReadTimeout() != 0) {
      throw new IllegalArgumentException("the watch client must have no read timeout");
    }
  }

  /**
   * Connects as configured: kubeconfig file, else in-cluster service account; {@code api-host}
   * overrides the server.
   *
   * @param config the healer's config
   * @return the clients
   * @throws UncheckedIOException when the kubeconfig or the service account cannot be read (the
   *     message names the file, never its content)
   */
  public static KubernetesClients connect(HealerConfig config) {
    try {
      ClientBuilder builder = builder(config);
      ApiClient api = builder.setReadTimeout(REQUEST_TIMEOUT).build();
      ApiClient watch = builder.setReadTimeout(Duration.ZERO).build();
      return new KubernetesClients(api, watch);
    } catch (IOException e) {
      throw new UncheckedIOException("could not set up the connection to the Kubernetes API: "
          + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Uses a client built elsewhere (by an embedder or a test) and derives the watch client from it:
   * the same HTTP client, base path and bearer token, without a read timeout.
   *
   * @param api a configured client
   * @return the clients
   */
  public static KubernetesClients of(ApiClient api) {
    ApiClient watch = new ApiClient(api.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build());
    watch.setBasePath(api.getBasePath());
    copyApiKey(api, watch, "BearerToken");
    return new KubernetesClients(api, watch);
  }

  private static ClientBuilder builder(HealerConfig config) throws IOException {
    ClientBuilder builder;
    if (config.kubeconfig().isPresent()) {
      Path file = Path.of(config.kubeconfig().get());
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        KubeConfig kubeConfig = KubeConfig.loadKubeConfig(reader);
        kubeConfig.setFile(file.toFile());
        builder = ClientBuilder.kubeconfig(kubeConfig);
      } catch (IOException | RuntimeException e) {
        throw new IOException("cannot read kubernetes.kubeconfig " + file + " ("
            + e.getClass().getSimpleName() + ")");
      }
    } else if (Files.exists(Path.of(io.kubernetes.client.util.Config.SERVICEACCOUNT_TOKEN_PATH))) {
      builder = ClientBuilder.cluster();
    } else if (config.kubernetesApiHost().isPresent()) {
      // Like client-go with only a master URL: no credentials (for example behind kubectl proxy).
      builder = new ClientBuilder();
    } else {
      throw new IOException("no kubernetes.kubeconfig, no kubernetes.api-host and no in-cluster service account");
    }
    config.kubernetesApiHost().ifPresent(builder::setBasePath);
    // Never disabled: a healer that can power-cycle machines must know whom it talks to.
    return builder.setVerifyingSsl(true);
  }

  private static void copyApiKey(ApiClient from, ApiClient to, String name) {
    Authentication source = from.getAuthentication(name);
    Authentication target = to.getAuthentication(name);
    if (source instanceof ApiKeyAuth s && target instanceof ApiKeyAuth t) {
      t.setApiKey(s.getApiKey());
      t.setApiKeyPrefix(s.getApiKeyPrefix());
    }
  }

  @Override
  public String toString() {
    return "KubernetesClients[" + api.getBasePath() + "]";
  }
}
