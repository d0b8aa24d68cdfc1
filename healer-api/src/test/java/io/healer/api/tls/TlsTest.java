package io.healer.api.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

  @TempDir
  Path dir;

  @Test
  void readsTheCasOfAPemFileAndTrustsThemOnly() throws Exception {
    Path pem = ca("test-ca");

    List<X509Certificate> cas = Tls.readCertificates(pem);
    X509TrustManager trust = Tls.trusting(cas);

    assertThat(cas).extracting(c -> c.getSubjectX500Principal().getName()).containsExactly("CN=test-ca");
    assertThat(trust.getAcceptedIssuers()).containsExactly(cas.get(0));
    assertThat(Tls.clientContext(null, trust).getProtocol()).isEqualTo("TLS");
  }

  @Test
  void aFileWithoutACertificateIsRefused() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");

    assertThatThrownBy(() -> Tls.readCertificates(empty)).isInstanceOf(CertificateException.class);
  }

  @Test
  void theInsecureTrustManagerAcceptsAnyServerButNoClient() throws Exception {
    X509Certificate[] chain = {Tls.readCertificates(ca("any")).get(0)};

    Tls.trustingAnyServer().checkServerTrusted(chain, "EC");
    assertThatThrownBy(() -> Tls.trustingAnyServer().checkClientTrusted(chain, "EC"))
        .isInstanceOf(CertificateException.class);
  }

  /** A self-signed CA made with the JDK's keytool, as PEM. */
  private Path ca(String name) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Path pem = dir.resolve(name + ".pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-ext", "bc:c", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit");
    run(keytool, "-exportcert", "-alias", "ca", "-rfc", "-file", pem.toString(), "-keystore", store.toString(),
        "-storepass", "changeit");
    return pem;
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
