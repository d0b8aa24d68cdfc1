package io.healer.integration.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.healer.integration.support.Commands;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daemon's container image ({@code healer-daemon/target/healer-image.tar}, which Jib writes without
 * a Docker daemon in the real-server build) handed to the real tools a cluster's runtime is made of:
 * skopeo reads the {@code docker save} tarball and copies it into an OCI layout, umoci unpacks that into
 * a runtime bundle with the image's own entrypoint, user and environment, and runc, the OCI runtime
 * under containerd and CRI-O, runs it the way the chart's pod spec asks: read-only root filesystem,
 * a writable {@code /tmp}, the config mounted read-only.
 */
class ImageTest {

  private static final Path IMAGE = Path.of(System.getProperty("healer.daemon.jar", "../healer-daemon/target/healer.jar"))
      .resolveSibling("healer-image.tar");
  private static final String ARCHIVE = "docker-archive:" + IMAGE.toAbsolutePath();
  private static final List<String> ENTRYPOINT = List.of("java", "-XX:MaxRAMPercentage=75", "-jar", "/app/healer.jar");

  // Not JUnit's @TempDir: its clean-up warns once for each of the rootfs's hundreds of absolute links.
  private static Path work;

  private static Path bundle;

  @BeforeAll
  static void unpack() throws IOException {
    work = Files.createTempDirectory("healer-image-test");
    assertThat(IMAGE).as("the image: mvn -Preal-servers builds it in healer-daemon (as root)").isRegularFile();
    for (String tool : List.of("skopeo", "umoci", "runc")) {
      assertThat(Commands.exec(work, List.of("sh", "-c", "command -v " + tool), Map.of(), 10).ok())
          .as(tool + " is missing: run integration/image/install.sh as root").isTrue();
    }
    Path layout = work.resolve("oci");
    Commands.run(work, List.of("skopeo", "copy", "-q", ARCHIVE, "oci:" + layout + ":healer"));
    bundle = work.resolve("bundle");
    Commands.run(work, List.of("umoci", "unpack", "--image", layout + ":healer", bundle.toString()));
  }

  @AfterAll
  static void removeTheUnpackedImage() {
    if (work != null) {
      Commands.run(work.getParent(), List.of("rm", "-rf", "--one-file-system", work.toString()));
    }
  }

  @Test
  void theImageSaysHowToRunTheDaemon() {
    JsonObject config = JsonParser.parseString(Commands.run(work, List.of("skopeo", "inspect", "--config", ARCHIVE)))
        .getAsJsonObject().getAsJsonObject("config");
    assertThat(strings(config.getAsJsonArray("Entrypoint"))).isEqualTo(ENTRYPOINT);
    // A number, so that the pod's runAsNonRoot can be checked by the kubelet.
    assertThat(config.get("User").getAsString()).isEqualTo("65534:65534");
    assertThat(config.getAsJsonObject("ExposedPorts").keySet()).containsExactly("8080/tcp");
  }

  @Test
  void theShippedJarIsInTheImageOnceAndUnchanged() throws IOException {
    JsonArray layers = JsonParser.parseString(Commands.run(work, List.of("skopeo", "inspect", ARCHIVE)))
        .getAsJsonObject().getAsJsonArray("Layers");
    Path rootfs = bundle.resolve("rootfs");
    Path jar = Path.of(System.getProperty("healer.daemon.jar", "../healer-daemon/target/healer.jar"));
    assertThat(sha256(rootfs.resolve("app/healer.jar"))).isEqualTo(sha256(jar));
    // Jib's own copies of the classes (every dependency, the project's jar) are filtered out.
    assertThat(rootfs.resolve("app/libs")).doesNotExist();
    assertThat(rootfs.resolve("app/classpath")).doesNotExist();
    System.out.printf("ImageTest: %s is %,d bytes, %d layers (the base, then /app/healer.jar of %,d bytes)%n",
        IMAGE.getFileName(), Files.size(IMAGE), layers.size(), Files.size(jar));
    assertThat(layers).hasSize(2);
  }

  @Test
  void runcRunsTheDaemonAsNobodyOnAReadOnlyRoot() throws IOException {
    Commands.Result version = runInImage(List.of("version"));
    assertThat(version.exitCode()).as(version.output()).isZero();
    assertThat(version.output()).startsWith("healer ").contains("(Java 17");

    Commands.Result user = runInImage(null, List.of("sh", "-c", "id -u; id -g; touch /app/x 2>/dev/null || echo read-only"));
    assertThat(user.output().lines()).containsExactly("65534", "65534", "read-only");
  }

  @Test
  void theDaemonInTheImageValidatesAMountedConfig() throws IOException {
    Path config = Path.of(System.getProperty("healer.integration.dir", ".")).resolve(
        "../healer-daemon/src/test/resources/config/magnum-auto-healer-sample.yaml");
    Commands.Result validate = runInImage(config, withEntrypoint(
        List.of("validate", "--config", "/etc/magnum-auto-healer/config.yaml")));
    assertThat(validate.exitCode()).as(validate.output()).isZero();
    assertThat(validate.output()).contains("/etc/magnum-auto-healer/config.yaml is valid.");
  }

  private static Commands.Result runInImage(List<String> daemonArguments) throws IOException {
    return runInImage(null, withEntrypoint(daemonArguments));
  }

  private static List<String> withEntrypoint(List<String> daemonArguments) {
    List<String> args = new ArrayList<>(ENTRYPOINT);
    args.addAll(daemonArguments);
    return args;
  }

  /**
   * Runs {@code args} in the unpacked image with runc, with the image's user and environment as umoci
   * wrote them, a read-only root and a tmpfs {@code /tmp} (the chart's securityContext and emptyDir),
   * and {@code config}, when given, mounted read-only at /etc/magnum-auto-healer/config.yaml.
   */
  private static Commands.Result runInImage(Path config, List<String> args) throws IOException {
    Path runBundle = work.resolve("run-" + UUID.randomUUID());
    Files.createDirectories(runBundle);
    JsonObject spec = JsonParser.parseString(Files.readString(bundle.resolve("config.json"))).getAsJsonObject();
    JsonObject process = spec.getAsJsonObject("process");
    JsonArray argv = new JsonArray();
    args.forEach(argv::add);
    process.add("args", argv);
    process.addProperty("terminal", false);
    JsonObject root = spec.getAsJsonObject("root");
    root.addProperty("path", bundle.resolve("rootfs").toString());
    root.addProperty("readonly", true);
    JsonArray mounts = spec.getAsJsonArray("mounts");
    mounts.add(mount("/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=1777")));
    if (config != null) {
      mounts.add(mount("/etc/magnum-auto-healer/config.yaml", "bind", config.toAbsolutePath().normalize().toString(),
          List.of("rbind", "ro")));
    }
    Files.writeString(runBundle.resolve("config.json"), spec.toString());
    String id = "healer-image-test-" + UUID.randomUUID();
    try {
      return Commands.exec(runBundle, List.of("runc", "run", "--bundle", runBundle.toString(), id), Map.of(), 120);
    } finally {
      Commands.exec(runBundle, List.of("runc", "delete", "--force", id), Map.of(), 30);
    }
  }

  private static JsonObject mount(String destination, String type, String source, List<String> options) {
    JsonObject mount = new JsonObject();
    mount.addProperty("destination", destination);
    mount.addProperty("type", type);
    mount.addProperty("source", source);
    JsonArray opts = new JsonArray();
    options.forEach(opts::add);
    mount.add("options", opts);
    return mount;
  }

  private static List<String> strings(JsonArray array) {
    List<String> values = new ArrayList<>();
    array.forEach(element -> values.add(element.getAsString()));
    return values;
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
