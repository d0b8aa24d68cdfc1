package io.healer.integration.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests a {@link RealKubernetes}: one control plane for the whole test run, started on first
 * use and stopped when the run ends (JUnit closes it, pass or fail; a JVM that dies stops its
 * processes through a shutdown hook). Tests get it as a parameter of a test method, a lifecycle
 * method or the constructor. Its folder (certificates, logs, the audit log) stays under {@code
 * target/real-servers/} for a person to read after a failure.
 */
public final class RealKubernetesExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealKubernetes.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster(context);
  }

  /** The run's control plane, started on first use. */
  static RealKubernetes cluster(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.create(RealKubernetesExtension.class))
        .getOrComputeIfAbsent("cluster", key -> new Running(RealKubernetes.start(folder("kubernetes"))), Running.class)
        .cluster;
  }

  /** A new folder under {@code target/real-servers/} for one run's servers. */
  static Path folder(String name) {
    try {
      Path root = KubernetesBinaries.integrationDir().resolve("target/real-servers");
      Files.createDirectories(root);
      return Files.createTempDirectory(root, name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the cluster when JUnit closes the root store (it closes AutoCloseable values), after the last test. */
  private record Running(RealKubernetes cluster) implements AutoCloseable {
    @Override
    public void close() {
      cluster.close();
    }
  }
}
