package io.healer.core.plugin;

import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.HealthCheck;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.config.Settings;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Health check factories for the registry's tests. They are public with public constructors because
 * {@link java.util.ServiceLoader} instantiates them from services files the tests write.
 */
public final class StubCheckFactories {

  private StubCheckFactories() {}

  /** A check that remembers the params it was created with. */
  public record ParamsCheck(Settings params, Set<NodeRole> roles) implements HealthCheck {
    @Override
    public Verdict check(io.healer.api.NodeInfo node, io.healer.api.check.CheckContext context) {
      return Verdict.healthy();
    }
  }

  /**
   * A factory of one type whose checks remember their params and judge the given roles. Public with
   * a protected constructor, as {@link StubProviderFactories.Named}, for subclasses defined from jars.
   */
  public abstract static class Typed implements HealthCheckFactory {
    private final String type;
    private final Set<NodeRole> roles;

    protected Typed(String type, Set<NodeRole> roles) {
      this.type = type;
      this.roles = roles;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public HealthCheck create(Settings settings) {
      return new ParamsCheck(settings, roles);
    }
  }

  /** Type {@code Alpha}; accepts one param, {@code port}. */
  public static final class Alpha extends Typed {
    public Alpha() {
      super("Alpha", EnumSet.allOf(NodeRole.class));
    }

    @Override
    public HealthCheck create(Settings settings) {
      settings.requireOnlyKeys(List.of("port"));
      settings.integer("port", 80, 1, 65535);
      return super.create(settings);
    }
  }

  /** Also claims type {@code Alpha}. */
  public static final class AlphaAgain extends Typed {
    public AlphaAgain() {
      super("Alpha", EnumSet.allOf(NodeRole.class));
    }
  }

  /** Type {@code Beta}; takes any params. */
  public static final class Beta extends Typed {
    public Beta() {
      super("Beta", EnumSet.allOf(NodeRole.class));
    }
  }

  /** Cannot be instantiated. */
  public static final class ThrowsInConstructor implements HealthCheckFactory {
    public ThrowsInConstructor() {
      throw new IllegalStateException("plugin misconfigured");
    }

    @Override
    public String type() {
      return "Never";
    }

    @Override
    public HealthCheck create(Settings settings) {
      throw new AssertionError("never created");
    }
  }

  /** Has no usable type. */
  public static final class BlankType extends Typed {
    public BlankType() {
      super(" ", EnumSet.allOf(NodeRole.class));
    }
  }

  /** Type {@code MasterOnly}: its checks judge masters only. */
  public static final class MasterOnly extends Typed {
    public MasterOnly() {
      super("MasterOnly", EnumSet.of(NodeRole.MASTER));
    }
  }

  /** Type {@code Exploding}: fails with something other than a ConfigException. */
  public static final class Exploding implements HealthCheckFactory {
    static final String MESSAGE = "detail only the plugin author should see";

    @Override
    public String type() {
      return "Exploding";
    }

    @Override
    public HealthCheck create(Settings settings) {
      throw new IllegalStateException(MESSAGE);
    }
  }
}
