package io.healer.integration.openstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests a {@link RealOpenStack}: one stack of real services for the whole test run, started
 * on first use and stopped when the run ends (JUnit closes it, pass or fail; a JVM that dies stops
 * its processes through shutdown hooks). Tests get it as a parameter of a test method, a lifecycle
 * method or the constructor. Its folder (configs, data, every process's log) stays under {@code
 * target/real-servers/} for a person to read after a failure.
 */
public final class RealOpenStackExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealOpenStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.create(RealOpenStackExtension.class))
        .getOrComputeIfAbsent("openstack", key -> new Running(RealOpenStack.start(folder())), Running.class)
        .openstack;
  }

  private static Path folder() {
    try {
      String base = System.getProperty("healer.integration.dir");
      Path root = (base == null ? Path.of("").toAbsolutePath() : Path.of(base)).resolve("target/real-servers");
      Files.createDirectories(root);
      return Files.createTempDirectory(root, "openstack-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the services when JUnit closes the root store, after the last test. */
  private record Running(RealOpenStack openstack)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      openstack.close();
    }
  }
}
