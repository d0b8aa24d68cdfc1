package io.healer.integration.operators;

import io.healer.integration.support.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pinned Helm CLI, built (or found in the cache) by {@code integration/helm/build.sh} from the
 * Go module pinned beside it, run on {@code charts/healer} with Helm's own folders in a scratch
 * place (rendering and linting a local chart need no repository or plugin).
 */
public final class Helm {

  private static Path binary;

  private Helm() {}

  /** What a Helm command printed on standard output and on standard error, and its exit code. */
  public record Result(int exitCode, String out, String err) {
    /** Whether it exited 0. */
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** The helm binary; builds it on first use. */
  public static synchronized Path binary() {
    if (binary == null) {
      Path script = integrationDir().resolve("helm/build.sh");
      System.out.println("[helm] " + script + " (a cold build takes minutes; cached after)");
      Commands.Result result = Commands.exec(integrationDir(), List.of("bash", script.toString()), Map.of(), 3600);
      if (!result.ok()) {
        throw new IllegalStateException("building helm failed (exit " + result.exitCode() + "):\n" + result.output());
      }
      List<String> lines = result.output().strip().lines().toList();
      Path built = Path.of(lines.get(lines.size() - 1)).resolve("helm");
      if (!Files.isExecutable(built)) {
        throw new IllegalStateException("build.sh printed " + built.getParent() + ", which holds no helm:\n"
            + result.output());
      }
      binary = built;
    }
    return binary;
  }

  /** charts/healer. */
  public static Path chart() {
    return integrationDir().resolve("../charts/healer").normalize();
  }

  /** The plain manifest generated from the chart. */
  public static Path manifest() {
    return integrationDir().resolve("../healer-daemon/deploy/healer.yaml").normalize();
  }

  /** {@code helm template RELEASE charts/healer --namespace NAMESPACE} plus {@code extra} (such as --set a=b). */
  public static Result template(String release, String namespace, String... extra) {
    List<String> args = new ArrayList<>(List.of("template", release, chart().toString(), "--namespace", namespace));
    args.addAll(List.of(extra));
    return run(args);
  }

  /** As {@link #template}, failing unless helm exits 0; the rendered YAML. */
  public static String rendered(String release, String namespace, String... extra) {
    Result result = template(release, namespace, extra);
    if (!result.ok()) {
      throw new AssertionError("helm template exited " + result.exitCode() + ":\n" + result.err());
    }
    return result.out();
  }

  /** Runs helm with these arguments, for at most two minutes. */
  public static Result run(List<String> args) {
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("helm-home");
      List<String> command = new ArrayList<>(List.of(binary().toString()));
      command.addAll(args);
      Path out = scratch.resolve("out");
      Path err = scratch.resolve("err");
      ProcessBuilder builder = new ProcessBuilder(command).directory(integrationDir().toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().put("HELM_CACHE_HOME", scratch.resolve("cache").toString());
      builder.environment().put("HELM_CONFIG_HOME", scratch.resolve("config").toString());
      builder.environment().put("HELM_DATA_HOME", scratch.resolve("data").toString());
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("helm " + String.join(" ", args) + " did not end within 120 s");
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running helm", e);
    } finally {
      deleteTree(scratch);
    }
  }

  /** The documents of a rendered stream, each with its leading comments. */
  public static List<String> documents(String yaml) {
    List<String> docs = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.lines().anyMatch(l -> l.startsWith("kind: "))) {
        docs.add(doc.strip() + "\n");
      }
    }
    return docs;
  }

  /** The value of a document's top-level {@code kind}. */
  public static String kind(String doc) {
    return doc.lines().filter(l -> l.startsWith("kind: ")).map(l -> l.substring(6).strip()).findFirst().orElseThrow();
  }

  static Path integrationDir() {
    String property = System.getProperty("healer.integration.dir");
    return property != null ? Path.of(property) : Path.of("").toAbsolutePath();
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a scratch folder under the temp dir; what is left is harmless
    }
  }
}
