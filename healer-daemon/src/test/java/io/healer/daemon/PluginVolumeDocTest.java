package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The patch docs/writing-plugins.md gives for loading a plugin in the pod fits deploy/healer.yaml:
 * it names the manifest's container, the init container fills the volume healer reads through
 * HEALER_PLUGINS, and nothing in it undoes the manifest's hardening.
 */
class PluginVolumeDocTest {

  private static final Pattern BLOCK = Pattern.compile("<!-- plugins-volume -->\n```yaml\n(.*?)\n```", Pattern.DOTALL);

  @Test
  @SuppressWarnings("unchecked")
  void theDocsPatchMountsOneVolumeThatTheInitContainerFillsAndHealerReads() throws IOException {
    Map<String, Object> pod = spec(patch());
    Map<String, Object> init = only((List<Map<String, Object>>) pod.get("initContainers"));
    Map<String, Object> healer = only((List<Map<String, Object>>) pod.get("containers"));
    Map<String, Object> volume = only((List<Map<String, Object>>) pod.get("volumes"));

    assertThat(healer.get("name")).as("merged by name into the manifest's container")
        .isEqualTo(containerOfManifest().get("name"));
    assertThat(volume).containsKey("emptyDir");
    Map<String, Object> healerMount = only((List<Map<String, Object>>) healer.get("volumeMounts"));
    Map<String, Object> initMount = only((List<Map<String, Object>>) init.get("volumeMounts"));
    assertThat(healerMount.get("name")).isEqualTo(volume.get("name"));
    assertThat(initMount.get("name")).isEqualTo(volume.get("name"));
    assertThat(healerMount.get("readOnly")).isEqualTo(true);
    assertThat(only((List<Map<String, Object>>) healer.get("env")))
        .containsEntry("name", "HEALER_PLUGINS").containsEntry("value", healerMount.get("mountPath"));
    assertThat((List<String>) init.get("command")).last().asString()
        .startsWith((String) initMount.get("mountPath"));
    assertThat((Map<String, Object>) init.get("securityContext"))
        .isEqualTo(containerOfManifest().get("securityContext"));
  }

  private static Map<String, Object> patch() throws IOException {
    Matcher block = BLOCK.matcher(Files.readString(Path.of("../docs/writing-plugins.md")));
    assertThat(block.find()).as("the <!-- plugins-volume --> block of docs/writing-plugins.md").isTrue();
    return yaml().load(block.group(1));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> containerOfManifest() throws IOException {
    Map<String, Object> deployment = StreamSupport.stream(
            yaml().loadAll(Files.readString(Path.of("deploy/healer.yaml"))).spliterator(), false)
        .map(d -> (Map<String, Object>) d)
        .filter(d -> "Deployment".equals(d.get("kind")))
        .findFirst().orElseThrow();
    return only((List<Map<String, Object>>) spec(deployment).get("containers"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(Map<String, Object> deployment) {
    Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
    Map<String, Object> template = (Map<String, Object>) spec.get("template");
    return (Map<String, Object>) template.get("spec");
  }

  private static <T> T only(List<T> list) {
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  private static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }
}
