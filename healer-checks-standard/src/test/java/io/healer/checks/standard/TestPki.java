package io.healer.checks.standard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes test CAs and CA-signed server key stores with the JDK's {@code keytool}, in a directory of
 * the test's choosing. EC keys keep it fast.
 */
final class TestPki {

  static final String PASSWORD = "changeit";

  private final Path dir;

  TestPki(Path dir) {
    this.dir = dir;
  }

  /** Creates a CA called {@code name}; returns its certificate as PEM. */
  Path ca(String name) throws IOException, InterruptedException {
    Path store = dir.resolve(name + ".p12");
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + name, "-ext", "bc:c", "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    Path pem = dir.resolve(name + ".pem");
    keytool("-exportcert", "-alias", "ca", "-rfc", "-file", pem.toString(),
        "-keystore", store.toString(), "-storepass", PASSWORD);
    return pem;
  }

  /**
   * Creates a PKCS12 key store for a server, its certificate signed by the CA {@code caName} with
   * the given subject alternative names ({@code ip:127.0.0.1}, {@code dns:localhost}).
   */
  Path server(String name, String caName, String san) throws IOException, InterruptedException {
    Path store = dir.resolve(name + ".p12");
    Path csr = dir.resolve(name + ".csr");
    Path cert = dir.resolve(name + ".crt");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + name, "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    keytool("-certreq", "-alias", "server", "-file", csr.toString(),
        "-keystore", store.toString(), "-storepass", PASSWORD);
    keytool("-gencert", "-alias", "ca", "-infile", csr.toString(), "-outfile", cert.toString(), "-rfc",
        "-ext", "san=" + san, "-validity", "2",
        "-keystore", dir.resolve(caName + ".p12").toString(), "-storepass", PASSWORD);
    // The reply holds the whole chain, so keytool needs no trusted CA entry to accept it.
    Path chain = dir.resolve(name + "-chain.pem");
    Files.writeString(chain, Files.readString(cert) + Files.readString(dir.resolve(caName + ".pem")));
    keytool("-importcert", "-alias", "server", "-file", chain.toString(), "-noprompt",
        "-keystore", store.toString(), "-storepass", PASSWORD);
    return store;
  }

  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    // keytool is a short-lived JVM: a quick start beats peak speed.
    command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + output);
    }
  }
}
