package io.healer.daemon;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test resources as files, since the command line takes paths. */
final class Resources {

  private Resources() {}

  static String path(String name) {
    try {
      return Path.of(Resources.class.getResource(name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
