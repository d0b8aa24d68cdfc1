package io.healer.integration.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit extension that hands tests one type of value, as a parameter of a test method, a
 * lifecycle method or the constructor; the real-server extensions differ only in how they make it.
 *
 * @param <T> the type handed out
 */
public abstract class ResolverOf<T> implements ParameterResolver {

  private final Class<T> type;

  protected ResolverOf(Class<T> type) {
    this.type = type;
  }

  @Override
  public final boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == type;
  }

  @Override
  public final Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return resolve(context);
  }

  /** The value for a test of {@code context}. */
  protected abstract T resolve(ExtensionContext context);

  /**
   * One value for the whole run, made on first use and closed when JUnit closes the root store
   * (after the last test, pass or fail; it closes AutoCloseable values).
   */
  protected static <R extends AutoCloseable> R perRun(ExtensionContext context, Class<?> owner, Class<R> type,
      Supplier<R> start) {
    return context.getRoot().getStore(ExtensionContext.Namespace.create(owner))
        .getOrComputeIfAbsent(type.getName(), key -> new Running(start.get()), Running.class).as(type);
  }

  /**
   * Keeps a value for a test method and closes it when the test ends, pass or fail.
   *
   * @return the value
   */
  protected static <R extends AutoCloseable> R perTest(ExtensionContext context, Class<?> owner, R value) {
    context.getStore(ExtensionContext.Namespace.create(owner)).put(value.getClass().getName(), value);
    return value;
  }

  /**
   * A new folder under the integration module's {@code target/real-servers/} (or the one named by
   * {@code healer.integration.dir}), kept after the run for a person to read after a failure.
   */
  public static Path runFolder(String name) {
    try {
      String base = System.getProperty("healer.integration.dir");
      Path root = (base == null ? Path.of("").toAbsolutePath() : Path.of(base)).resolve("target/real-servers");
      Files.createDirectories(root);
      return Files.createTempDirectory(root, name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Wraps the value so that JUnit closes it with the store, whatever its own type. */
  private record Running(AutoCloseable value) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    <X> X as(Class<X> type) {
      return type.cast(value);
    }

    @Override
    public void close() throws Exception {
      value.close();
    }
  }
}
