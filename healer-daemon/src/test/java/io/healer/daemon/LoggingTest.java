package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Logger log = LoggerFactory.getLogger("io.healer.test");

  @AfterEach
  void restore() {
    Logging.configure(Logging.Format.PLAIN, Level.WARN, System.err);
  }

  @Test
  void jsonLinesAreOneJsonObjectEach() {
    Logging.configure(Logging.Format.JSON, Level.INFO, out);

    log.info("node {} is \"unhealthy\"\nsecond line", "worker-1");
    log.warn("a failure", new IllegalStateException("boom"));

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    Map<String, Object> first = TestJson.object(lines.get(0));
    assertThat(first).containsEntry("level", "INFO").containsEntry("logger", "io.healer.test")
        .containsEntry("msg", "node worker-1 is \"unhealthy\"\nsecond line").containsKeys("time", "thread");
    assertThat((String) TestJson.object(lines.get(1)).get("error")).contains("IllegalStateException: boom");
  }

  @Test
  void durationsAreLoggedAsTheConfigWritesThem() {
    Logging.configure(Logging.Format.PLAIN, Level.INFO, out);
    log.info("a cycle every {}, draining timed out after {} on {}", java.time.Duration.ofSeconds(30),
        java.time.Duration.ofSeconds(90), "worker-1");
    Logging.configure(Logging.Format.JSON, Level.INFO, out);
    log.info("within {}", java.time.Duration.ofMinutes(2));

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).endsWith(" - a cycle every 30s, draining timed out after 1m30s on worker-1");
    assertThat(TestJson.object(lines.get(1))).containsEntry("msg", "within 2m");
  }

  @Test
  void theInformersInterruptedTracesOfANormalStopAreDropped() {
    Logging.configure(Logging.Format.PLAIN, Level.INFO, out);
    Logger controller = LoggerFactory.getLogger("io.kubernetes.client.informer.cache.Controller");
    controller.error("DefaultController#processLoop get interrupted {}", "sleep interrupted",
        new InterruptedException("sleep interrupted"));
    controller.info("informer#Controller: ready to run resync & reflector runnable");
    controller.error("a real failure", new IllegalStateException("boom"));

    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("interrupted").doesNotContain("ready to run")
        .contains("a real failure").contains("IllegalStateException: boom");
  }

  @Test
  void klogVerbosityMapsToLevels() {
    assertThat(Logging.level(null, null, Level.INFO)).isEqualTo(Level.INFO);
    assertThat(Logging.level(2, null, Level.WARN)).isEqualTo(Level.INFO);
    assertThat(Logging.level(3, null, Level.INFO)).isEqualTo(Level.DEBUG);
    assertThat(Logging.level(5, null, Level.INFO)).isEqualTo(Level.TRACE);
    assertThat(Logging.level(5, "warn", Level.INFO)).isEqualTo(Level.WARN);
  }

  @Test
  void debugLinesShowOnlyFromVerbosityThree() {
    Logging.configure(Logging.Format.PLAIN, Logging.level(2, null, Level.INFO), out);
    log.debug("hidden");
    Logging.configure(Logging.Format.PLAIN, Logging.level(3, null, Level.INFO), out);
    log.debug("shown");

    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("hidden").contains("DEBUG").contains("shown");
  }

  @Test
  void runWithLogFormatJsonWritesOnlyJsonLines() throws Exception {
    FakeConnector fake = new FakeConnector();
    Cli.Result result = new Cli().connector(fake).run("check", "--config",
        Resources.path("/config/fake-cluster.yaml"), "--log-format", "json", "-v", "3");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err().lines().toList()).isNotEmpty().allSatisfy(line -> TestJson.object(line));
  }
}
