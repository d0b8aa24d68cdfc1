package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LegacyArgsTest {

  private static final Set<String> COMMANDS = Set.of("run", "check", "validate");

  @Test
  void theGoManifestsArgsMeanRun() {
    // manifests/magnum-auto-healer/magnum-auto-healer.yaml: args [/bin/magnum-auto-healer, --config=..., --v, "2"]
    String[] args = {"/bin/magnum-auto-healer", "--config=/etc/magnum-auto-healer/config.yaml", "--v", "2"};

    assertThat(LegacyArgs.normalize(args, COMMANDS))
        .containsExactly("run", "--config=/etc/magnum-auto-healer/config.yaml", "--v", "2");
  }

  @Test
  void optionsWithoutACommandMeanRun() {
    assertThat(LegacyArgs.normalize(new String[] {"--config=c.yaml", "--v=2"}, COMMANDS))
        .containsExactly("run", "--config=c.yaml", "--v=2");
  }

  @Test
  void aCommandIsLeftAsItIs() {
    assertThat(LegacyArgs.normalize(new String[] {"check", "--config", "c.yaml"}, COMMANDS))
        .containsExactly("check", "--config", "c.yaml");
  }

  @Test
  void helpAndVersionAreNotTurnedIntoRun() {
    assertThat(LegacyArgs.normalize(new String[] {"--help"}, COMMANDS)).containsExactly("--help");
    assertThat(LegacyArgs.normalize(new String[] {"--version"}, COMMANDS)).containsExactly("--version");
  }
}
