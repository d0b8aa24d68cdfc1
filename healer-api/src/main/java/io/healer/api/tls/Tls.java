package io.healer.api.tls;

import io.healer.api.API;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS pieces a plugin's client needs from its config: the certificates of a PEM file (a {@code
 * ca-file}, a client's {@code cert-file}), the JDK's trust manager over a set of CAs, one that
 * trusts any server (an {@code insecure} switch), and a client context of them:
 *
 * <pre>{@code
 * X509TrustManager trust = Tls.trusting(Tls.readCertificates(Path.of(caFile)));
 * HttpClient client = HttpClient.newBuilder().sslContext(Tls.clientContext(null, trust)).build();
 * }</pre>
 *
 * <p>Messages name the file and what is wrong with it, never key material. Stateless and
 * thread-safe.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Tls {

  private Tls() {}

  /**
   * Reads the certificates of a PEM file, such as a CA bundle or the service account's {@code ca.crt}.
   *
   * @param file the file, not {@code null}
   * @return the certificates, in the file's order, at least one
   * @throws IOException if the file cannot be read
   * @throws CertificateException if it holds no certificate or a malformed one
   */
  public static List<X509Certificate> readCertificates(Path file) throws IOException, CertificateException {
    List<X509Certificate> certificates = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) c);
      }
    }
    if (certificates.isEmpty()) {
      throw new CertificateException("no PEM certificate found");
    }
    return certificates;
  }

  /**
   * The JDK's default trust manager (PKIX) over the given CAs only: a server is trusted when its
   * chain leads to one of them. Host names are checked by the connection, not here.
   *
   * @param cas the trusted CA certificates, at least one
   * @return the trust manager
   * @throws GeneralSecurityException if the JDK offers no X.509 trust manager
   */
  public static X509TrustManager trusting(List<X509Certificate> cas) throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot create an empty key store", e);
    }
    for (int i = 0; i < cas.size(); i++) {
      store.setCertificateEntry("ca-" + i, cas.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("the default trust manager factory offers no X.509 trust manager");
  }

  /**
   * A trust manager that accepts every server certificate, for a config that says to skip
   * verification. Being an {@link X509ExtendedTrustManager}, the JDK does not wrap it with its own
   * host-name check, so nothing about the server is verified. It refuses every client: it is for
   * the client side of a connection only.
   *
   * @return the trust manager
   */
  public static X509ExtendedTrustManager trustingAnyServer() {
    return new AnyServer();
  }

  /**
   * A TLS context for a client.
   *
   * @param keys the client's own key managers, or {@code null} for none
   * @param trust how servers are judged, or {@code null} for the JDK's default trust store
   * @return the context
   * @throws GeneralSecurityException if the JDK has no TLS
   */
  public static SSLContext clientContext(KeyManager[] keys, TrustManager trust) throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, trust == null ? null : new TrustManager[] {trust}, null);
    return context;
  }

  private static final class AnyServer extends X509ExtendedTrustManager {

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("this trust manager judges servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
