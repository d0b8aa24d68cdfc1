package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.core.config.ConfigReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

  private static final String SAMPLE = Resources.path("/config/magnum-auto-healer-sample.yaml");

  /** A mistake in the file itself, one in a check's params and one in the openstack block. */
  private static final String THREE_MISTAKES = """
      cluster-name: prod
      monitor-interval: 300
      healthcheck:
        master:
          - type: Endpoint
            params:
              unhealthy-duration: 30s
              protocol: HTTPS
              port: 6443
              endpoint: ["/healthz"]
      openstack:
        auth-url: https://keystone.example.com:5000/v3
        user-id: 0123456789abcdef0123456789abcdef
        project-id: 00112233445566778899aabbccddeeff
        password: hunter2-Secret
        regoin: RegionOne
      """;

  /** Two NodeCondition checks on the workers, the second named; the first gets the given line. */
  private static final String TWO_READY_CHECKS = """
      cluster-name: prod
      healthcheck:
        worker:
          - type: NodeCondition
            params:
              unhealthy-duration: 1m
              %s
          - type: NodeCondition
            params:
              name: ready-for-long
              unhealthy-duration: 10m
      """;

  private static final String OPENSTACK = """
      openstack:
        auth-url: https://keystone.example.com:5000/v3
        user-id: 0123456789abcdef0123456789abcdef
        project-id: 00112233445566778899aabbccddeeff
        password: hunter2-Secret
        region: RegionOne
      """;

  @TempDir
  Path dir;

  @Test
  void acceptsTheConfigMapOfMagnumAutoHealersOwnManifestWithASummary() {
    Cli.Result result = new Cli().withOpenStackProvider().run("validate", "--config", SAMPLE);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains(SAMPLE + " is valid.")
        .contains("cluster-name                    5f8a7e2c-3b1d-4c6e-9a0f-2d4b6c8e0a1f")
        .contains("monitor-interval                15s")
        .contains("check-delay-after-add           20m")
        .contains("healthcheck.master              Endpoint (unhealthy after 30s), NodeCondition (unhealthy after 1m)")
        .contains("healthcheck.worker              NodeCondition (unhealthy after 1m)")
        .contains("max-unhealthy-per-zone          50% of a zone's nodes")
        .contains("max-repairs-per-hour            no ceiling")
        .contains("cloud-provider                  openstack from ");
    assertThat(result.out() + result.err()).doesNotContain("sample-Passw0rd");
  }

  @Test
  void showsTwoChecksOfOneTypeByPositionOrNameWithTheirTypes() throws IOException {
    Path config = write(TWO_READY_CHECKS.formatted("") + OPENSTACK);

    Cli.Result result = new Cli().withOpenStackProvider().run("validate", "--config", config.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("healthcheck.worker              NodeCondition#1 (NodeCondition, unhealthy after"
        + " 1m), ready-for-long (NodeCondition, unhealthy after 10m)");
  }

  @Test
  void refusesANameTwoChecksOfARoleShareNamingTheKeyTheValueAndTheRule() throws IOException {
    Path bad = write(TWO_READY_CHECKS.formatted("name: ready-for-long") + OPENSTACK);

    Cli.Result result = new Cli().withOpenStackProvider().run("validate", "--config", bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).containsExactly(bad + ": healthcheck.worker[1].params.name: value"
        + " 'ready-for-long' is not allowed; a non-empty string without '#', unique among the role's checks and not the type of one of"
        + " them (which an earlier check of the role has too)");
  }

  @Test
  void acceptsTheGoToolsCommandLineAsTheManifestWritesIt() throws IOException {
    // The manifest's args: the Go binary's path, --config=FILE, then --v and 2 as two arguments.
    Cli.Result result = new Cli().withOpenStackProvider()
        .run("/bin/magnum-auto-healer", "validate", "--config=" + SAMPLE, "--v", "2");

    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  @Test
  void rejectsAFileItCannotReadWithOneLinePerProblemAndExitTwo() throws IOException {
    Path bad = write("""
        cluster-name: prod
        monitor-interval: 300
        dry-run: maybe
        openstack:
          password: hunter2-Secret
        """);

    Cli.Result result = new Cli().withOpenStackProvider().run("validate", "--config", bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    // The file's problems first, then the openstack block's, judged in the same run.
    assertThat(result.err().lines()).containsExactly(
        bad + ": monitor-interval: value '300' is not allowed; a duration with a unit, such as 30s, 5m, 1h30m or 500ms (did you mean 300s?)",
        bad + ": dry-run: value 'maybe' is not allowed; true or false",
        bad + ": openstack.auth-url: Keystone's URL is required, such as https://keystone.example.com:5000/v3"
            + " (or use-clouds with a cloud that has auth_url)",
        bad + ": openstack.username: credentials are required: user-id or username with password, or"
            + " application-credential-id/-name with application-credential-secret",
        bad + ": openstack.project-id: a scope is required: project-id, project-name, trust-id, or domain-id/-name");
    assertThat(result.err()).doesNotContain("hunter2-Secret");
  }

  @Test
  void reportsTheFilesTheChecksAndTheProvidersProblemsInOneRun() throws IOException {
    Path bad = write(THREE_MISTAKES);

    Cli.Result result = new Cli().withOpenStackProvider().run("validate", "--config", bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines()).satisfiesExactly(
        line -> assertThat(line).isEqualTo(bad + ": monitor-interval: value '300' is not allowed; a duration with a"
            + " unit, such as 30s, 5m, 1h30m or 500ms (did you mean 300s?)"),
        line -> assertThat(line).isEqualTo(bad + ": healthcheck.master[0].params.endpoint: unknown key (did you mean"
            + " 'endpoints'?)"),
        // The nearest key alone: not the provider's 30-odd keys on one line.
        line -> assertThat(line).isEqualTo(bad + ": openstack.regoin: unknown key (did you mean 'region'?)"));
    assertThat(result.err()).doesNotContain("hunter2-Secret");
  }

  @Test
  void namesAChecksProblemByItsPlaceInTheFileWhenAnEarlierEntryIsMalformed() throws IOException {
    Path bad = write("""
        cluster-name: prod
        healthcheck:
          worker:
            - NodeCondition
            - type: NodeConditon
        """);

    Cli.Result result = new Cli().withOpenStackProvider().run("validate", "--config", bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).startsWith(
        bad + ": healthcheck.worker[0]: value 'NodeCondition' is not allowed; a check: a block with a type and"
            + " optional params, such as {type: NodeCondition}",
        bad + ": healthcheck.worker[1].type: value 'NodeConditon' is not allowed; an installed check type"
            + " (did you mean 'NodeCondition'?); installed: Endpoint, NodeCondition");
  }

  @Test
  void aMissingClusterNameIsReportedWithTheOtherProblemsAndItsPlaceholderNeverShown() throws IOException {
    Path bad = write("""
        healthcheck:
          worker:
            - type: NodeCondition
              params:
                typo: ["Ready"]
        openstack:
          auth-url: https://keystone.example.com:5000/v3
          user-id: 0123456789abcdef0123456789abcdef
          project-id: 00112233445566778899aabbccddeeff
          password: hunter2-Secret
        """);

    Cli.Result result = new Cli().withOpenStackProvider().run("validate", "--config", bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines()).containsExactly(
        bad + ": cluster-name: a value is required: the name or UUID of the cluster in the cloud"
            + " (Magnum's cluster UUID)",
        bad + ": healthcheck.worker[0].params.typo: unknown key (did you mean 'types'?)");
    assertThat(result.err()).doesNotContain(ConfigReport.PLACEHOLDER_CLUSTER_NAME).doesNotContain("hunter2-Secret");
  }

  @Test
  void aProviderBlockThatIsNotABlockIsReportedOnceWithoutItsContent() throws IOException {
    Path bad = write("cluster-name: prod\nopenstack:\n  - password: hunter2-Secret\n");

    Cli.Result result = new Cli().withOpenStackProvider().run("validate", "--config", bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).containsExactly(
        bad + ": openstack: a block of keys (a YAML map) (found a list)");
    assertThat(result.err()).doesNotContain("hunter2-Secret");
  }

  @Test
  void rejectsUnknownCheckTypesAndParamsTogetherNamingKeyValueAndWhatIsAllowed() throws IOException {
    Path bad = write("""
        cluster-name: prod
        healthcheck:
          worker:
            - type: NodeConditon
            - type: NodeCondition
              params:
                typo: ["Ready"]
        openstack:
          password: hunter2-Secret
        """);

    Cli.Result result = new Cli().withOpenStackProvider().run("validate", "--config", bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).contains(
        bad + ": healthcheck.worker[0].type: value 'NodeConditon' is not allowed; an installed check type"
            + " (did you mean 'NodeCondition'?); installed: Endpoint, NodeCondition",
        bad + ": healthcheck.worker[1].params.typo: unknown key (did you mean 'types'?)");
    assertThat(result.err()).doesNotContain("hunter2-Secret");
  }

  @Test
  void checksTheOpenstackBlockOfflineNamingTheTypoAndNeverTheSecret() throws IOException {
    String sample = Files.readString(Path.of(SAMPLE));
    Path bad = write(sample.replace("auth-url:", "auth-ur1:"));

    Cli.Result result = new Cli().run("validate", "--config", bad.toString());

    assertThat(result.exitCode()).as(result.out()).isEqualTo(2);
    assertThat(result.err()).contains(bad + ": openstack.auth-ur1: unknown key (did you mean 'auth-url'?)")
        .doesNotContain("sample-Passw0rd");
  }

  @Test
  void rejectsACloudProviderThatIsNotInstalledNamingThoseThatAre() throws IOException {
    Path bad = write("cluster-name: prod\ncloud-provider: azure\n");

    Cli.Result result = new Cli().withOpenStackProvider().run("validate", "--config", bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip()).startsWith(bad + ": cloud-provider: value 'azure' is not allowed;"
        + " an installed cloud provider; installed: ").contains("openstack");
  }

  @Test
  void aSyntaxErrorIsTheOnlyProblemSinceNothingElseCanBeRead() throws IOException {
    Path bad = write(THREE_MISTAKES + "  region: x: y\n");

    Cli.Result result = new Cli().withOpenStackProvider().run("validate", "--config", bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).singleElement().asString()
        .isEqualTo(bad + ": line 17, column 12: valid YAML; mapping values are not allowed here");
  }

  @Test
  void neverEchoesASecretEvenInAYamlSyntaxError() throws IOException {
    Path bad = write("cluster-name: prod\nopenstack:\n  password: \"hunter2-Secret\n  region: x: y\n");

    Cli.Result result = new Cli().run("validate", "--config", bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith(bad + ": line ").doesNotContain("hunter2-Secret");
  }

  @Test
  void aMissingFileIsAConfigProblem() {
    Cli.Result result = new Cli().run("validate", "--config", dir.resolve("nope.yaml").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("nope.yaml: (file): a readable file");
  }

  @Test
  void withoutAConfigItIsAUsageErrorWithExitTwo() {
    Cli.Result result = new Cli().run("validate");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Missing required option: '--config=FILE'");
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
