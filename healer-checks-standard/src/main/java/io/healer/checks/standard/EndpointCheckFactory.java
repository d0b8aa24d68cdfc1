package io.healer.checks.standard;

import com.google.auto.service.AutoService;
import io.healer.api.API;
import io.healer.api.check.HealthCheck;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblems;
import io.healer.api.config.Settings;
import io.healer.api.tls.Tls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@code Endpoint} check: a node is healthy when every configured path on its {@code
 * InternalIP} answers with an ok HTTP status code.
 *
 * <p>Params, with the Go magnum-auto-healer's defaults; {@code timeout} and {@code token-file} are
 * healer's additions:
 *
 * <ul>
 *   <li>{@code protocol} (default {@code HTTPS}): {@code HTTPS} or {@code HTTP}, in any case.
 *   <li>{@code port} (default {@code 6443}): the port probed on each node.
 *   <li>{@code endpoints} (default {@code [/healthz]}): the paths probed, in order; the first that
 *       fails names the reason.
 *   <li>{@code ok-codes} (default {@code [200]}): the status codes that count as healthy.
 *   <li>{@code require-token} (default {@code false}): send {@code Authorization: Bearer <token>}.
 *   <li>{@code token} (Go's, no default): the token to send; when absent the token is read from
 *       {@code token-file}. Prefer the file: this value sits in config.yaml in clear text.
 *   <li>{@code timeout} (default {@code 5s}): the longest wait for one response; the engine's time
 *       budget for the check caps it.
 *   <li>{@code ca-file} (default {@code /var/run/secrets/kubernetes.io/serviceaccount/ca.crt}): a PEM
 *       bundle of the CAs that sign the nodes' serving certificates, for HTTPS.
 *   <li>{@code token-file} (default {@code /var/run/secrets/kubernetes.io/serviceaccount/token}):
 *       read at creation to fail early, then before every probe, because Kubernetes rotates it.
 *   <li>{@code insecure-skip-verify} (default {@code false}): accept any server certificate; logs a
 *       warning when the check is created.
 *   <li>{@code unhealthy-annotation}: accepted for Go config files and ignored with a warning;
 *       healer tracks since when a node is unhealthy itself.
 * </ul>
 *
 * <pre>{@code
 * healthcheck:
 *   master:
 *     - type: Endpoint
 *       params:
 *         unhealthy-duration: 30s
 *         protocol: HTTPS
 *         port: 6443
 *         endpoints: ["/healthz"]
 *         ok-codes: [200]
 * }</pre>
 *
 * <p><b>TLS.</b> Over HTTPS the server's chain must lead to a CA of {@code ca-file}, and because the
 * node is probed by IP address, its certificate must list that address as an IP subject alternative
 * name, as Go's TLS client requires for the same URL. This check is done by the check's own trust
 * manager, so it holds whatever the JVM-wide {@code jdk.internal.httpclient.disableHostnameVerification}
 * says; {@code insecure-skip-verify: true} is the one way to turn it off, for this check only.
 *
 * <p><b>Verdicts.</b> No InternalIP: unknown. A refused connection, a timeout, a TLS failure or a
 * status code not in {@code ok-codes}: unhealthy, with a reason naming the URL and what happened.
 * The token never appears in a reason, a log line, an exception or a {@code toString()}.
 *
 * <p><b>Roles.</b> Masters only, as in the Go healer, whose Endpoint check does not support worker
 * nodes; configuring it under {@code healthcheck.worker} is a configuration error.
 *
 * <p>Differences from Go, on purpose: a CA or token file that cannot be read fails at creation
 * (Go skips the check on every cycle and calls the node healthy); a node without InternalIP is
 * unknown (Go: healthy); redirects are not followed (a 3xx is judged by {@code ok-codes}); no proxy
 * is used; an empty {@code endpoints} or {@code ok-codes} list is a configuration error.
 *
 * <p>Thread-safe; each check it creates builds one HTTP client and shares it across probes.
 *
 * @since 0.1
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
@AutoService(HealthCheckFactory.class)
public final class EndpointCheckFactory implements HealthCheckFactory {

  /** The type name used in config.yaml. */
  public static final String TYPE = "Endpoint";

  static final String DEFAULT_PROTOCOL = "HTTPS";
  static final int DEFAULT_PORT = 6443;
  static final List<String> DEFAULT_ENDPOINTS = List.of("/healthz");
  static final List<Integer> DEFAULT_OK_CODES = List.of(200);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  static final String DEFAULT_CA_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";
  static final String DEFAULT_TOKEN_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/token";

  private static final List<String> KEYS = List.of(
      "protocol", "port", "endpoints", "ok-codes", "require-token", "token", "timeout", "ca-file",
      "token-file", "insecure-skip-verify", "unhealthy-annotation");

  private static final Logger LOG = LoggerFactory.getLogger(EndpointCheckFactory.class);

  /** Creates the factory; called by {@link java.util.ServiceLoader}. */
  public EndpointCheckFactory() {}

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads {@code ca-file} (for HTTPS) and {@code token-file} (with {@code require-token}) once,
   * so that a missing file is reported now rather than at the first probe.
   *
   * @throws ConfigException listing every unknown key, bad value and unreadable file
   */
  @Override
  public HealthCheck create(Settings settings) {
    ConfigProblems problems = new ConfigProblems();
    problems.check(() -> settings.requireOnlyKeys(KEYS));
    String protocol = problems.read(() -> settings.string("protocol", DEFAULT_PROTOCOL), DEFAULT_PROTOCOL).strip();
    boolean https = !protocol.equalsIgnoreCase("HTTP");
    if (https && !protocol.equalsIgnoreCase("HTTPS")) {
      problems.add(settings.problem("protocol", protocol, "HTTPS or HTTP (in any case)"));
    }
    int port = problems.read(() -> settings.integer("port", DEFAULT_PORT, 1, 65535), DEFAULT_PORT);
    List<String> paths = paths(settings, problems);
    List<Integer> okCodes = okCodes(settings, problems);
    Duration timeout = problems.read(() -> settings.duration("timeout", DEFAULT_TIMEOUT), DEFAULT_TIMEOUT);
    if (timeout.isZero() || timeout.isNegative()) {
      problems.add(settings.problem("timeout", settings.raw("timeout").orElse(null),
          "a duration above zero, such as 5s or 500ms"));
    }
    boolean requireToken = problems.read(() -> settings.bool("require-token", false), false);
    String inlineToken = problems.read(() -> settings.string("token", ""), "");
    String tokenFile = problems.read(() -> settings.string("token-file", DEFAULT_TOKEN_FILE), DEFAULT_TOKEN_FILE);
    String caFile = problems.read(() -> settings.string("ca-file", DEFAULT_CA_FILE), DEFAULT_CA_FILE);
    boolean insecure = problems.read(() -> settings.bool("insecure-skip-verify", false), false);
    // Files are read only once the values make sense, so that one mistake is not reported twice.
    problems.throwIfAny();

    Optional<BearerToken> token = requireToken
        ? Optional.ofNullable(token(settings, inlineToken, tokenFile, problems))
        : Optional.empty();
    SSLContext sslContext = https ? sslContext(settings, caFile, insecure, problems) : null;
    problems.throwIfAny();

    if (settings.has("unhealthy-annotation")) {
      LOG.warn("{} is ignored: healer itself records since when a node is unhealthy",
          settings.pathOf("unhealthy-annotation"));
    }
    if (https && insecure) {
      LOG.warn("{} is true, so the Endpoint check accepts any TLS certificate on port {}"
          + " and sends its requests{} to whatever answers; use it only for testing",
          settings.pathOf("insecure-skip-verify"), port, requireToken ? " with the bearer token" : "");
    }
    return new EndpointCheck(new EndpointOptions(https, port, paths, okCodes, timeout, token), sslContext);
  }

  /** The paths with exactly one leading slash, as the Go healer builds its URLs. */
  private static List<String> paths(Settings settings, ConfigProblems problems) {
    List<String> endpoints = problems.read(() -> settings.stringList("endpoints", DEFAULT_ENDPOINTS), DEFAULT_ENDPOINTS);
    if (endpoints.isEmpty()) {
      problems.add(settings.problem("endpoints", endpoints, "at least one path, such as [/healthz]"));
    }
    List<String> paths = new ArrayList<>();
    for (String endpoint : endpoints) {
      String path = "/" + endpoint.strip().replaceFirst("^/+", "");
      try {
        URI.create("http://127.0.0.1:1" + path);
        paths.add(path);
      } catch (IllegalArgumentException e) {
        problems.add(settings.problem("endpoints", endpoints,
            "paths that are valid in a URL, such as /healthz or /readyz?verbose; '" + endpoint + "' is not"));
      }
    }
    return paths;
  }

  private static List<Integer> okCodes(Settings settings, ConfigProblems problems) {
    List<Integer> codes = problems.read(() -> settings.integerList("ok-codes", DEFAULT_OK_CODES), DEFAULT_OK_CODES);
    if (codes.isEmpty() || codes.stream().anyMatch(c -> c < 100 || c > 599)) {
      problems.add(settings.problem("ok-codes", codes, "one or more HTTP status codes from 100 to 599, such as [200]"));
    }
    return codes;
  }

  /** The token given inline (Go's {@code token}) or else the token file, which must be readable now. */
  private static BearerToken token(Settings settings, String inlineToken, String tokenFile, ConfigProblems problems) {
    if (!inlineToken.isBlank()) {
      return BearerToken.of(inlineToken);
    }
    // The key looks secret to ConfigProblem, which hides its value: the path goes into the text.
    try {
      BearerToken token = BearerToken.fromFile(Path.of(tokenFile));
      token.read();
      return token;
    } catch (InvalidPathException | IOException e) {
      problems.add(settings.problem("token-file", tokenFile,
          "a readable file holding the bearer token, needed because require-token is true; "
              + (e instanceof IOException ? e.getMessage() : "'" + tokenFile + "' is not a valid path")));
      return null;
    }
  }

  private static SSLContext sslContext(Settings settings, String caFile, boolean insecure, ConfigProblems problems) {
    try {
      if (insecure) {
        return Tls.clientContext(null, Tls.trustingAnyServer());
      }
      X509TrustManager chainTrust = Tls.trusting(Tls.readCertificates(Path.of(caFile)));
      return Tls.clientContext(null, new IpSanTrustManager(chainTrust, "ca-file " + caFile));
    } catch (InvalidPathException | IOException e) {
      problems.add(settings.problem("ca-file", caFile, "a readable PEM file with the CA certificates of the nodes'"
          + " serving certificates (cannot read it: "
          + (e instanceof IOException io ? BearerToken.describe(io) : "not a valid path")
          + "), or insecure-skip-verify: true to skip verification"));
    } catch (CertificateException e) {
      problems.add(settings.problem("ca-file", caFile,
          "a PEM file with one or more CA certificates (this one has none that can be read: " + e.getMessage() + ")"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM cannot set up TLS for the Endpoint check: " + e.getMessage(), e);
    }
    return null;
  }
}
