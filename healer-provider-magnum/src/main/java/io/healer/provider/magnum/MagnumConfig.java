package io.healer.provider.magnum;

import io.healer.api.config.ConfigProblem;
import io.healer.api.config.ConfigProblems;
import io.healer.api.config.Settings;
import io.healer.provider.magnum.internal.AuthConfig;
import io.healer.provider.magnum.internal.ServiceCatalog;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The {@code openstack} block read and checked: the Go tool's keys, merged with clouds.yaml when
 * {@code use-clouds} is on (the block wins, as in the Go tool), plus healer's own tuning keys.
 * Every problem is reported at once; secret values never appear.
 */
record MagnumConfig(AuthConfig auth, Duration requestTimeout, int retries, Duration stopWait,
    Duration workerPowerOffTimeout, Duration masterPowerOffTimeout, Duration clusterCacheTtl) {

  /** The longest {@code cluster-cache-ttl}: what clusterStatus() read serves its own cycle only. */
  static final Duration MAX_CLUSTER_CACHE_TTL = Duration.ofSeconds(60);

  /** The Go magnum-auto-healer's keys (gophercloud AuthOpts), in its order. */
  static final List<String> GO_KEYS = List.of("auth-url", "user-id", "username", "password", "project-id",
      "project-name", "trust-id", "domain-id", "domain-name", "project-domain-id", "project-domain-name",
      "user-domain-id", "user-domain-name", "region", "os-endpoint-type", "ca-file", "tls-insecure", "cert-file",
      "key-file", "use-clouds", "clouds-file", "cloud", "application-credential-id", "application-credential-name",
      "application-credential-secret");

  /** The catalog interfaces os-endpoint-type may name. */
  private static final List<String> ENDPOINT_TYPES = List.of("public", "internal", "admin");

  /** healer's additions. */
  static final List<String> TUNING_KEYS = List.of("request-timeout", "request-retries", "stop-wait",
      "worker-power-off-timeout", "master-power-off-timeout", "cluster-cache-ttl");

  static MagnumConfig from(Settings settings) {
    List<String> known = new ArrayList<>(GO_KEYS);
    known.addAll(TUNING_KEYS);
    ConfigProblems problems = new ConfigProblems();
    // Collected, not thrown: an unknown key and a bad value of a known one show in one run.
    problems.check(() -> settings.requireOnlyKeys(known));
    Map<String, Object> clouds = Map.of();
    boolean useClouds = problems.read(() -> settings.bool("use-clouds", false), false);
    if (useClouds) {
      clouds = readClouds(settings, problems);
    }
    Map<String, Object> cloud = clouds;
    @SuppressWarnings("unchecked")
    Map<String, Object> cloudAuth = (Map<String, Object>) cloud.getOrDefault("auth", Map.of());
    java.util.function.BiFunction<String, String, String> s = (key, cloudKey) -> problems.read(
        () -> settings.string(key).filter(v -> !v.isBlank())
            .orElse(cloudKey == null ? "" : String.valueOf(cloudAuth.getOrDefault(cloudKey,
                cloud.getOrDefault(cloudKey, ""))))
            .strip(), "");
    boolean cloudInsecure = "false".equals(String.valueOf(cloud.get("verify")));
    String domainId = s.apply("domain-id", "domain_id");
    String domainName = s.apply("domain-name", "domain_name");
    boolean sharedDomain = !domainId.isEmpty() || !domainName.isEmpty();
    String credentialId = s.apply("application-credential-id", "application_credential_id");
    String credentialName = s.apply("application-credential-name", "application_credential_name");
    boolean password = credentialId.isEmpty() && credentialName.isEmpty();
    DefaultDomain fallback = sharedDomain || !password ? DefaultDomain.NONE : DefaultDomain.of(cloud, cloudAuth);
    String[] userDomain = fallback.orExplicit(s.apply("user-domain-id", "user_domain_id"),
        s.apply("user-domain-name", "user_domain_name"));
    String[] projectDomain = fallback.orExplicit(s.apply("project-domain-id", "project_domain_id"),
        s.apply("project-domain-name", "project_domain_name"));
    AuthConfig auth = new AuthConfig(
        s.apply("auth-url", "auth_url"), s.apply("user-id", "user_id"), s.apply("username", "username"),
        s.apply("password", "password"), userDomain[0], userDomain[1], s.apply("project-id", "project_id"),
        s.apply("project-name", "project_name"), projectDomain[0], projectDomain[1], domainId, domainName,
        s.apply("trust-id", null),
        credentialId, credentialName,
        s.apply("application-credential-secret", "application_credential_secret"),
        s.apply("region", "region_name"), s.apply("os-endpoint-type", "interface"), s.apply("ca-file", "cacert"),
        problems.read(() -> settings.bool("tls-insecure", cloudInsecure), false),
        s.apply("cert-file", "cert"), s.apply("key-file", "key"));
    checkAuth(settings, auth, problems);
    if (!ENDPOINT_TYPES.contains(ServiceCatalog.interfaceOf(auth.endpointType()))) {
      problems.add(ConfigProblem.of(settings.pathOf("os-endpoint-type"), auth.endpointType(),
          "public, internal or admin (the catalog interface; publicURL, internalURL, adminURL also do)"));
    }
    Duration timeout = problems.read(() -> settings.duration("request-timeout", Duration.ofSeconds(30)), null);
    int retries = problems.read(() -> settings.integer("request-retries", 2, 0, 10), 0);
    Duration stopWait = problems.read(() -> settings.duration("stop-wait", Duration.ofSeconds(5)), null);
    Duration worker = problems.read(() -> settings.duration("worker-power-off-timeout", Duration.ofSeconds(30)), null);
    Duration master = problems.read(() -> settings.duration("master-power-off-timeout", Duration.ofMinutes(3)), null);
    Duration cacheTtl = problems.read(() -> settings.duration("cluster-cache-ttl", Duration.ofSeconds(10)), null);
    if (cacheTtl != null && (cacheTtl.isNegative() || cacheTtl.compareTo(MAX_CLUSTER_CACHE_TTL) > 0)) {
      problems.add(ConfigProblem.of(settings.pathOf("cluster-cache-ttl"), cacheTtl,
          "from 0s (read the cluster again for every repair) to 60s: the cluster read by the status check serves"
              + " the repairs of the same cycle, not those of the next"));
    }
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      problems.add(ConfigProblem.of(settings.pathOf("request-timeout"), timeout, "a positive duration, such as 30s"));
    }
    if (stopWait != null && stopWait.compareTo(Duration.ofSeconds(30)) > 0) {
      problems.add(ConfigProblem.of(settings.pathOf("stop-wait"), stopWait,
          "at most 30s: a repair must not hold the engine's thread; longer waits span cycles"));
    }
    problems.throwIfAny();
    return new MagnumConfig(auth, timeout, retries, stopWait, worker, master, cacheTtl);
  }

  private static void checkAuth(Settings settings, AuthConfig a, ConfigProblems problems) {
    if (a.authUrl().isEmpty()) {
      problems.add(ConfigProblem.of(settings.pathOf("auth-url"), null, "Keystone's URL is required, such as "
          + "https://keystone.example.com:5000/v3 (or use-clouds with a cloud that has auth_url)"));
    } else if (!a.authUrl().matches("https?://.+")) {
      problems.add(ConfigProblem.of(settings.pathOf("auth-url"), a.authUrl(), "an http:// or https:// URL"));
    }
    if (a.usesApplicationCredential()) {
      if (a.applicationCredentialSecret().isEmpty()) {
        problems.add(ConfigProblem.of(settings.pathOf("application-credential-secret"), null,
            "required with application-credential-id or -name"));
      }
      if (a.applicationCredentialId().isEmpty() && a.userId().isEmpty()
          && (a.username().isEmpty() || a.userDomain().isEmpty())) {
        problems.add(ConfigProblem.of(settings.pathOf("application-credential-name"), a.applicationCredentialName(),
            "an application credential by name needs its user: user-id, or username with user-domain-id/-name"));
      }
      return;
    }
    if (a.userId().isEmpty() && a.username().isEmpty()) {
      problems.add(ConfigProblem.of(settings.pathOf("username"), null,
          "credentials are required: user-id or username with password, or application-credential-id/-name "
              + "with application-credential-secret"));
    }
    if (!a.username().isEmpty() && a.userId().isEmpty() && a.userDomain().isEmpty()) {
      problems.add(ConfigProblem.of(settings.pathOf("user-domain-name"), null,
          "username needs its domain: user-domain-id, user-domain-name, domain-id or domain-name"));
    }
    if (a.password().isEmpty() && (!a.userId().isEmpty() || !a.username().isEmpty())) {
      problems.add(ConfigProblem.of(settings.pathOf("password"), null, "required with user-id or username"));
    }
    if (a.trustId().isEmpty() && !a.projectName().isEmpty() && a.projectId().isEmpty()
        && a.projectDomain().isEmpty()) {
      problems.add(ConfigProblem.of(settings.pathOf("project-domain-name"), null,
          "project-name needs its domain: project-domain-id, project-domain-name, domain-id or domain-name"));
    }
    if (a.trustId().isEmpty() && a.projectId().isEmpty() && a.projectName().isEmpty()
        && a.domainId().isEmpty() && a.domainName().isEmpty()) {
      problems.add(ConfigProblem.of(settings.pathOf("project-id"), null,
          "a scope is required: project-id, project-name, trust-id, or domain-id/-name"));
    }
    if (a.certFile().isEmpty() != a.keyFile().isEmpty()) {
      problems.add(ConfigProblem.of(settings.pathOf(a.certFile().isEmpty() ? "cert-file" : "key-file"), null,
          "cert-file and key-file go together"));
    }
  }

  /**
   * The default domain a clouds.yaml may give instead of the user's and the project's: {@code
   * default_domain} beside {@code auth} (the openstack CLI, osc-lib's {@code
   * _auth_default_domain}: a domain id), or {@code default_domain_id} / {@code
   * default_domain_name} in {@code auth} (keystoneauth's generic password plugin). Either fills
   * only a user or project domain that is not given at all, and never makes a domain scope. As in
   * both, it applies to password logins only.
   */
  private record DefaultDomain(String id, String name) {
    static final DefaultDomain NONE = new DefaultDomain("", "");

    static DefaultDomain of(Map<String, Object> cloud, Map<String, Object> auth) {
      String id = text(auth.get("default_domain_id"));
      return new DefaultDomain(id.isEmpty() ? text(cloud.get("default_domain")) : id,
          text(auth.get("default_domain_name")));
    }

    /** {@code {id, name}}: the given ones when either is set, else this default. */
    String[] orExplicit(String givenId, String givenName) {
      if (!givenId.isEmpty() || !givenName.isEmpty()) {
        return new String[] {givenId, givenName};
      }
      return new String[] {id, id.isEmpty() ? name : ""};
    }

    private static String text(Object value) {
      return value == null ? "" : String.valueOf(value).strip();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readClouds(Settings settings, ConfigProblems problems) {
    String cloudName = settings.string("cloud", "openstack");
    Optional<String> file = settings.string("clouds-file").filter(f -> !f.isBlank());
    List<Path> candidates = file.map(f -> List.of(Path.of(f))).orElseGet(() -> List.of(Path.of("clouds.yaml"),
        Path.of(System.getProperty("user.home"), ".config", "openstack", "clouds.yaml"),
        Path.of("/etc/openstack/clouds.yaml")));
    for (Path p : candidates) {
      if (!Files.isRegularFile(p)) {
        continue;
      }
      try (Reader in = Files.newBufferedReader(p)) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        Object clouds = doc instanceof Map<?, ?> m ? m.get("clouds") : null;
        Object cloud = clouds instanceof Map<?, ?> m ? m.get(cloudName) : null;
        if (cloud instanceof Map<?, ?> c) {
          return (Map<String, Object>) c;
        }
        problems.add(ConfigProblem.of(settings.pathOf("cloud"), cloudName, "a cloud listed in " + p));
        return Map.of();
      } catch (IOException | RuntimeException e) {
        // Only the exception type: a YAML error message may quote a line holding a password.
        problems.add(ConfigProblem.of(settings.pathOf("clouds-file"), p, "a readable clouds.yaml ("
            + e.getClass().getSimpleName() + ")"));
        return Map.of();
      }
    }
    problems.add(ConfigProblem.of(settings.pathOf("clouds-file"), file.orElse(null),
        "an existing clouds.yaml (looked in " + candidates + ")"));
    return Map.of();
  }
}
