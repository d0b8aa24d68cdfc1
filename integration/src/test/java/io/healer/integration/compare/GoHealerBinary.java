package io.healer.integration.compare;

import io.healer.integration.support.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Go magnum-auto-healer, built (or found in the cache) by {@code
 * integration/magnum-auto-healer/build.sh} from the module pinned beside it.
 */
final class GoHealerBinary {

  /** The pinned release, as {@code go.mod} beside the script names it. */
  static final String VERSION = "v1.36.0";

  private static Path binary;

  private GoHealerBinary() {}

  static synchronized Path path() {
    if (binary == null) {
      Path dir = integrationDir();
      Path script = dir.resolve("magnum-auto-healer/build.sh");
      System.out.println("[compare] " + script + " (a cold build takes minutes; cached after)");
      Commands.Result result = Commands.exec(dir, List.of("bash", script.toString()), Map.of(), 1800);
      if (!result.ok()) {
        throw new IllegalStateException("building magnum-auto-healer failed (exit " + result.exitCode() + "):\n"
            + result.output());
      }
      List<String> lines = result.output().strip().lines().toList();
      binary = Path.of(lines.get(lines.size() - 1)).resolve("magnum-auto-healer");
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException("build.sh printed a folder without magnum-auto-healer:\n" + result.output());
      }
    }
    return binary;
  }

  /** The integration module's folder (Surefire passes it; the working directory otherwise). */
  static Path integrationDir() {
    String property = System.getProperty("healer.integration.dir");
    return property != null ? Path.of(property) : Path.of("").toAbsolutePath();
  }
}
