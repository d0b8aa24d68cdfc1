package io.healer.core.plugin;

import io.healer.api.API;
import io.healer.api.NodeRole;
import io.healer.api.check.HealthCheck;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.CloudProviderFactory;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.api.config.ConfigProblems;
import io.healer.api.config.Settings;
import io.healer.core.config.CheckConfig;
import io.healer.core.config.HealerConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health check and cloud provider factories one healer instance uses: found with {@link
 * java.util.ServiceLoader}, added by hand, or both. Each instance has its own plugins, so two
 * healers in one JVM never share plugin state.
 *
 * <pre>{@code
 * PluginRegistry plugins = PluginRegistry.builder().build();            // discover on the class path
 * Map<NodeRole, List<ConfiguredCheck>> checks = plugins.createChecks(config);
 * CloudProvider provider = plugins.createProvider(config);
 *
 * PluginRegistry wired = PluginRegistry.builder()                       // or wire by hand
 *     .discover(false)
 *     .addCheckFactory(new NodeConditionCheckFactory())
 *     .addProviderFactory(new MagnumCloudProviderFactory())
 *     .build();
 * }</pre>
 *
 * <p><b>Discovery.</b> Every factory found is logged at INFO with its type or name, class, jar and
 * the jar's {@code Implementation-Version}. A factory that cannot be loaded (missing class, a
 * constructor that throws, a blank type) is logged at WARN, kept in {@link #loadFailures()}, and
 * the others still load. A factory added by hand whose class is also found by discovery replaces
 * the discovered instance.
 *
 * <p><b>Errors.</b> Two factories with the same check type or provider name make {@link
 * Builder#build()} throw a {@link PluginException} naming both classes and their jars, and so does
 * one factory class listed by the services files of two jars (two copies or two versions of one
 * plugin, which {@code ServiceLoader} would load once, from the first jar, silently): which one
 * would win would otherwise depend on class-path order. What an operator fixes in config.yaml (an
 * unknown check type, a provider that is not installed, bad params) is a {@link ConfigException}.
 *
 * <p>Immutable and thread-safe once built.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class PluginRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

  private static final Kind<HealthCheckFactory> CHECKS =
      new Kind<>(HealthCheckFactory.class, "health check factory", "type", "check type", HealthCheckFactory::type);
  private static final Kind<CloudProviderFactory> PROVIDERS =
      new Kind<>(CloudProviderFactory.class, "cloud provider factory", "name", "cloud provider name",
          CloudProviderFactory::name);

  private final Map<String, Registered<HealthCheckFactory>> checkFactories;
  private final Map<String, Registered<CloudProviderFactory>> providerFactories;
  private final List<PluginLoadFailure> loadFailures;

  private PluginRegistry(Map<String, Registered<HealthCheckFactory>> checkFactories,
      Map<String, Registered<CloudProviderFactory>> providerFactories, List<PluginLoadFailure> loadFailures) {
    this.checkFactories = Collections.unmodifiableMap(new TreeMap<>(checkFactories));
    this.providerFactories = Collections.unmodifiableMap(new TreeMap<>(providerFactories));
    this.loadFailures = List.copyOf(loadFailures);
  }

  /**
   * A builder that discovers plugins with the thread's context class loader unless told otherwise.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The check types available, sorted.
   *
   * @return the types, unmodifiable, possibly empty
   */
  public Set<String> checkTypes() {
    return checkFactories.keySet();
  }

  /**
   * The cloud provider names available, sorted.
   *
   * @return the names, unmodifiable, possibly empty
   */
  public Set<String> providerNames() {
    return providerFactories.keySet();
  }

  /**
   * The factory for a check type, if installed.
   *
   * @param type the check type as written in config.yaml, such as {@code NodeCondition}
   * @return the factory, or empty if no installed factory has that type
   */
  public Optional<HealthCheckFactory> checkFactory(String type) {
    return Optional.ofNullable(checkFactories.get(type)).map(Registered::factory);
  }

  /**
   * The factory for a cloud provider name, if installed.
   *
   * @param name the provider name as written in {@code cloud-provider}, such as {@code openstack}
   * @return the factory, or empty if no installed factory has that name
   */
  public Optional<CloudProviderFactory> providerFactory(String name) {
    return Optional.ofNullable(providerFactories.get(name)).map(Registered::factory);
  }

  /**
   * Where each check type's factory came from, by type, sorted.
   *
   * @return the origins by check type, unmodifiable
   */
  public Map<String, PluginOrigin> checkFactoryOrigins() {
    return origins(checkFactories);
  }

  /**
   * Where each cloud provider's factory came from, by name, sorted.
   *
   * @return the origins by provider name, unmodifiable
   */
  public Map<String, PluginOrigin> providerFactoryOrigins() {
    return origins(providerFactories);
  }

  /**
   * The factories discovery found but could not use, in the order found.
   *
   * @return the failures, unmodifiable; empty when every factory loaded
   */
  public List<PluginLoadFailure> loadFailures() {
    return loadFailures;
  }

  /**
   * Creates every configured check, in config order.
   *
   * <p>Checks of a role whose monitor is off ({@code master-monitor-enabled: false}) are still
   * created, so that a mistake in them is reported now and not on the day the monitor is turned
   * on, but that role's list is empty: what is returned is what should run. The map always holds
   * both roles.
   *
   * @param config the configuration, not {@code null}
   * @return unmodifiable lists of checks by role
   * @throws ConfigException with every problem: an unknown type (naming the installed types and the
   *     nearest), the factory's own problems with the check's params, a factory that fails in
   *     another way (naming its class and the exception's class), a check that cannot judge the role
   *     it is configured for
   */
  public Map<NodeRole, List<ConfiguredCheck>> createChecks(HealerConfig config) {
    ConfigProblems problems = new ConfigProblems();
    Map<NodeRole, List<ConfiguredCheck>> created = new EnumMap<>(NodeRole.class);
    for (NodeRole role : NodeRole.values()) {
      List<CheckConfig> configured = config.checks(role);
      List<ConfiguredCheck> checks = new ArrayList<>(configured.size());
      for (int i = 0; i < configured.size(); i++) {
        String path = placeOf(configured.get(i), "healthcheck." + role.configName() + "[" + i + "]");
        ConfiguredCheck check = createCheck(role, path, configured.get(i), problems);
        if (check != null) {
          checks.add(check);
        }
      }
      boolean enabled = config.monitorEnabled(role);
      if (!enabled && !configured.isEmpty()) {
        LOG.info("{}-monitor-enabled is false: the {} {} checks are validated but will not run",
            role.configName(), configured.size(), role.configName());
      }
      created.put(role, enabled ? List.copyOf(checks) : List.of());
    }
    problems.throwIfAny();
    return Collections.unmodifiableMap(created);
  }

  /**
   * Creates the cloud provider named by {@code cloud-provider}, never chosen by class-path order.
   *
   * @param config the configuration, not {@code null}
   * @return the provider, never {@code null}
   * @throws ConfigException if no provider of that name is installed (naming those that are), or
   *     the provider rejects its block
   * @throws PluginException if the provider's factory fails in another way
   */
  public CloudProvider createProvider(HealerConfig config) {
    String name = config.cloudProvider();
    Registered<CloudProviderFactory> registered = providerFactories.get(name);
    if (registered == null) {
      throw new ConfigException(ConfigProblem.of("cloud-provider", name,
          "an installed cloud provider" + installed(name, providerFactories.keySet(),
              "put a provider plugin jar, such as healer-provider-magnum, on the class path")));
    }
    Settings settings = withPath(config.cloudSettings(), name);
    CloudProvider provider;
    try {
      provider = registered.factory().create(settings, config.clusterName());
    } catch (ConfigException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      throw new PluginException("cloud provider '" + name + "' from " + registered.origin()
          + " failed to start: " + e.getClass().getName(), e);
    }
    if (provider == null) {
      throw new PluginException("cloud provider factory " + registered.origin() + " returned no provider");
    }
    LOG.info("Using cloud provider '{}' from {}", name, registered.origin());
    return provider;
  }

  private ConfiguredCheck createCheck(NodeRole role, String path, CheckConfig configured, ConfigProblems problems) {
    String type = configured.type();
    Registered<HealthCheckFactory> registered = checkFactories.get(type);
    if (registered == null) {
      problems.add(ConfigProblem.of(path + ".type", type, "an installed check type" + installed(type,
          checkFactories.keySet(), "put a check plugin jar, such as healer-checks-standard, on the class path")));
      return null;
    }
    String factoryClass = registered.origin().className();
    HealthCheck check;
    Set<NodeRole> roles;
    try {
      check = registered.factory().create(withPath(configured.params(), path + ".params"));
      roles = check == null ? null : check.roles();
    } catch (ConfigException e) {
      problems.add(e);
      return null;
    } catch (RuntimeException | LinkageError e) {
      // The exception's message is the plugin's own text and is not copied into the problem, which
      // must never carry a secret; the stack trace is there for whoever debugs the plugin.
      LOG.debug("The factory {} of check type '{}' failed for {}", factoryClass, type, path, e);
      problems.add(ConfigProblem.of(path, null, "the factory " + factoryClass + " of check type '" + type
          + "' failed with " + e.getClass().getName() + " (stack trace logged at DEBUG)"));
      return null;
    }
    if (check == null) {
      problems.add(ConfigProblem.of(path, null,
          "the factory " + factoryClass + " of check type '" + type + "' returned no check"));
      return null;
    }
    if (roles == null || !roles.contains(role)) {
      problems.add(ConfigProblem.of(path + ".type", type, "a check that can judge " + role.configName()
          + " nodes; " + type + " judges " + describe(roles)));
      return null;
    }
    return new ConfiguredCheck(type, configured.name(), configured.unhealthyDuration(), check);
  }

  /**
   * Where a check sits in config.yaml. Read from a file, its params carry their path, which stays
   * right when a best-effort config ({@code ConfigReport#bestEffort}) left a malformed entry out
   * before it; built in code, its place in the list.
   */
  private static String placeOf(CheckConfig check, String listPlace) {
    String paramsPath = check.params().path();
    String suffix = ".params";
    return paramsPath.endsWith(suffix) ? paramsPath.substring(0, paramsPath.length() - suffix.length()) : listPlace;
  }

  /** {@code "; installed: a, b (did you mean 'a'?)"}, or how to install one when there are none. */
  private static String installed(String wanted, Set<String> available, String howToInstall) {
    if (available.isEmpty()) {
      return "; none is installed: " + howToInstall;
    }
    String nearest = io.healer.api.config.ConfigProblem.nearest(wanted, available);
    return (nearest == null ? "" : " (did you mean '" + nearest + "'?)") + "; installed: " + String.join(", ", available);
  }

  private static String describe(Set<NodeRole> roles) {
    if (roles == null || roles.isEmpty()) {
      return "no nodes at all";
    }
    return "only " + roles.stream().map(NodeRole::configName).sorted().collect(Collectors.joining(" and ")) + " nodes";
  }

  /**
   * The settings under the path where they sit in config.yaml, so the factory's problems name the
   * full key; settings built in code have no path of their own.
   */
  private static Settings withPath(Settings settings, String path) {
    if (!settings.path().isEmpty()) {
      return settings;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (String key : settings.keys()) {
      values.put(key, settings.raw(key).orElse(null));
    }
    return Settings.of(path, values);
  }

  private static <F> Map<String, PluginOrigin> origins(Map<String, Registered<F>> registered) {
    Map<String, PluginOrigin> origins = new TreeMap<>();
    registered.forEach((name, r) -> origins.put(name, r.origin()));
    return Collections.unmodifiableMap(origins);
  }

  @Override
  public String toString() {
    return "PluginRegistry[check types=" + checkTypes() + ", providers=" + providerNames()
        + ", load failures=" + loadFailures.size() + "]";
  }

  /** A factory with its type or name and where it came from. */
  private record Registered<F>(String name, F factory, PluginOrigin origin) {}

  /** What differs between the two kinds of factories. */
  private record Kind<F>(Class<F> service, String what, String nameWord, String subject, Function<F, String> nameOf) {}

  /**
   * Builds a {@link PluginRegistry}: discovery on or off, the class loader to search, factories
   * added by hand. Not thread-safe; use it from one thread, then share the registry.
   */
  public static final class Builder {
    private boolean discover = true;
    private ClassLoader classLoader;
    private final List<HealthCheckFactory> checkFactories = new ArrayList<>();
    private final List<CloudProviderFactory> providerFactories = new ArrayList<>();

    private Builder() {}

    /**
     * Whether to find factories with {@link java.util.ServiceLoader}; on by default. Off, only the
     * factories added by hand are used.
     *
     * @param discover {@code false} to use only the factories added by hand
     * @return this builder
     */
    public Builder discover(boolean discover) {
      this.discover = discover;
      return this;
    }

    /**
     * Where to look for factories; by default the context class loader of the thread calling {@link #build()}.
     *
     * @param classLoader the class loader, not {@code null}
     * @return this builder
     */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Adds a health check factory; its type must not clash with any other factory's.
     *
     * @param factory the factory, not {@code null}
     * @return this builder
     */
    public Builder addCheckFactory(HealthCheckFactory factory) {
      checkFactories.add(Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /**
     * Adds a cloud provider factory; its name must not clash with any other factory's.
     *
     * @param factory the factory, not {@code null}
     * @return this builder
     */
    public Builder addProviderFactory(CloudProviderFactory factory) {
      providerFactories.add(Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /**
     * Discovers (if on) and checks the factories.
     *
     * @return the registry
     * @throws PluginException if two factories claim the same check type or provider name, or one
     *     factory is in two jars (naming every clash, with the classes and jars), or a factory added
     *     by hand has no usable type or name
     */
    public PluginRegistry build() {
      ClassLoader loader = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        loader = PluginRegistry.class.getClassLoader();
      }
      List<PluginLoadFailure> failures = new ArrayList<>();
      List<String> clashes = new ArrayList<>();
      Map<String, Registered<HealthCheckFactory>> checks = register(CHECKS, checkFactories, loader, failures, clashes);
      Map<String, Registered<CloudProviderFactory>> providers =
          register(PROVIDERS, providerFactories, loader, failures, clashes);
      if (!clashes.isEmpty()) {
        throw new PluginException(clashes.stream().collect(Collectors.joining("\n  - ",
            "plugins clash (keep one jar of each, or wire the factories by hand with discover(false)):\n  - ",
            "")));
      }
      return new PluginRegistry(checks, providers, failures);
    }

    private <F> Map<String, Registered<F>> register(Kind<F> kind, List<F> byHand, ClassLoader loader,
        List<PluginLoadFailure> failures, List<String> clashes) {
      List<Registered<F>> all = new ArrayList<>();
      for (F factory : byHand) {
        all.add(new Registered<>(nameAddedByHand(kind, factory), factory, PluginOrigin.of(factory.getClass(), true)));
      }
      if (discover) {
        Set<String> handClasses = byHand.stream().map(f -> f.getClass().getName()).collect(Collectors.toSet());
        List<PluginLoadFailure> found = new ArrayList<>();
        Map<String, Set<String>> listings = ServiceDiscovery.listings(kind.service(), loader);
        for (ServiceDiscovery.Found<F> f : ServiceDiscovery.load(kind.service(), loader, found)) {
          if (handClasses.contains(f.type().getName())) {
            LOG.info("The {} {} found on the class path is replaced by the instance added by hand",
                kind.what(), f.type().getName());
            continue;
          }
          String name = discoveredName(kind, f, found);
          if (name != null) {
            all.add(new Registered<>(name, f.instance(), PluginOrigin.of(f.type(), false)));
            Set<String> jars = listings.getOrDefault(f.type().getName(), Set.of());
            if (jars.size() > 1) {
              clashes.add(copies(kind, name, f.type().getName(), jars));
            }
          }
        }
        for (PluginLoadFailure failure : found) {
          LOG.warn("Skipping a {} that could not be loaded: {}", kind.what(), failure, failure.cause());
        }
        failures.addAll(found);
      }
      Map<String, List<Registered<F>>> byName = new LinkedHashMap<>();
      for (Registered<F> r : all) {
        // DEBUG: the daemon reports each plugin once itself, with its jar's path.
        LOG.debug("{} '{}': {}", capitalized(kind.what()), r.name(), r.origin());
        byName.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r);
      }
      Map<String, Registered<F>> registered = new LinkedHashMap<>();
      byName.forEach((name, claimants) -> {
        if (claimants.size() > 1) {
          clashes.add("the " + kind.subject() + " '" + name + "' is claimed by "
              + claimants.stream().map(c -> c.origin().toString()).collect(Collectors.joining(" and ")));
        }
        registered.put(name, claimants.get(0));
      });
      return registered;
    }

    /**
     * One plugin in several jars: {@link java.util.ServiceLoader} would load the first alone, so
     * which copy or version runs would depend on the jars' order.
     */
    private static String copies(Kind<?> kind, String name, String className, Set<String> jars) {
      return "the " + kind.subject() + " '" + name + "' (" + className + ") is in " + jars.size()
          + " jars, two copies or two versions of one plugin: "
          + jars.stream().map(jar -> jar + Optional.ofNullable(ServiceDiscovery.implementationVersion(jar))
              .map(v -> ", version " + v).orElse("")).collect(Collectors.joining(" and "));
    }

    private static <F> String nameAddedByHand(Kind<F> kind, F factory) {
      String name;
      try {
        name = kind.nameOf().apply(factory);
      } catch (RuntimeException e) {
        throw new PluginException("the " + kind.what() + " " + factory.getClass().getName()
            + " added by hand failed in " + kind.nameWord() + "()", e);
      }
      if (name == null || name.isBlank()) {
        throw new PluginException("the " + kind.what() + " " + factory.getClass().getName()
            + " added by hand has a blank " + kind.nameWord());
      }
      return name;
    }

    /** The factory's type or name, or {@code null} with a load failure recorded. */
    private static <F> String discoveredName(Kind<F> kind, ServiceDiscovery.Found<F> found,
        List<PluginLoadFailure> failures) {
      String className = found.type().getName();
      try {
        String name = kind.nameOf().apply(found.instance());
        if (name != null && !name.isBlank()) {
          return name;
        }
        failures.add(new PluginLoadFailure(kind.service().getName(), className,
            new IllegalStateException(kind.nameWord() + "() returned a blank " + kind.nameWord())));
      } catch (RuntimeException | LinkageError e) {
        failures.add(new PluginLoadFailure(kind.service().getName(), className, e));
      }
      return null;
    }

    private static String capitalized(String s) {
      return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
  }
}
