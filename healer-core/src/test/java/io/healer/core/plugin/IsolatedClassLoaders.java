package io.healer.core.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Throw-away class loaders whose only services files are the ones a test writes, so discovery sees
 * exactly the plugins the test lists and nothing else on the test class path.
 */
final class IsolatedClassLoaders {

  private IsolatedClassLoaders() {}

  /** Writes {@code root/META-INF/services/<service>} listing the given classes. */
  static void writeServices(Path root, Class<?> service, String... classNames) {
    try {
      Path file = root.resolve("META-INF/services/" + service.getName());
      Files.createDirectories(file.getParent());
      Files.writeString(file, "# written by a test\n" + String.join("\n", classNames) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loader that finds services files under {@code root} only, and classes through the test's loader. */
  static URLClassLoader loaderFor(Path root) {
    return new URLClassLoader(new URL[] {url(root)}, classesOnly(Set.of()));
  }

  /**
   * Writes a jar holding the services file, the class file of {@code factory} and a manifest with
   * an {@code Implementation-Version}, and returns a loader that defines {@code factory} from it.
   */
  static URLClassLoader jarLoader(Path jar, Class<?> service, Class<?> factory, String version) {
    return jarsLoader(factory, writeJar(jar, service, factory, version));
  }

  /**
   * Writes a plugin jar as {@code mvn package} makes one: the services file listing {@code factory},
   * its class file, and a manifest with an {@code Implementation-Version}.
   */
  static Path writeJar(Path jar, Class<?> service, Class<?> factory, String version) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    String classFile = factory.getName().replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest);
        InputStream bytes = factory.getClassLoader().getResourceAsStream(classFile)) {
      jarOut.putNextEntry(new JarEntry("META-INF/services/" + service.getName()));
      jarOut.write((factory.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      jarOut.closeEntry();
      jarOut.putNextEntry(new JarEntry(classFile));
      bytes.transferTo(jarOut);
      jarOut.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }

  /** A loader over the jars, in order, as the daemon's over a plugins directory, defining {@code factory} itself. */
  static URLClassLoader jarsLoader(Class<?> factory, Path... jars) {
    URL[] urls = java.util.Arrays.stream(jars).map(IsolatedClassLoaders::url).toArray(URL[]::new);
    return new URLClassLoader(urls, classesOnly(Set.of(factory.getName())));
  }

  /**
   * A parent that loads classes through the test's loader (so the SPI types are shared) but shows
   * no resources, hence none of the test class path's services files; {@code hidden} classes are
   * left for the child to define.
   */
  private static ClassLoader classesOnly(Set<String> hidden) {
    ClassLoader test = IsolatedClassLoaders.class.getClassLoader();
    return new ClassLoader("classes-only", null) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (hidden.contains(name)) {
          throw new ClassNotFoundException(name);
        }
        return test.loadClass(name);
      }
    };
  }

  private static URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The class names of the given classes, for services files. */
  static String[] names(Class<?>... classes) {
    return java.util.Arrays.stream(classes).map(Class::getName).toArray(String[]::new);
  }
}
