package io.healer.checks.standard;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/** Builds the TLS contexts of the Endpoint check. */
final class Tls {

  private Tls() {}

  /**
   * Reads a PEM bundle of CA certificates, such as the service account's {@code ca.crt}.
   *
   * @throws IOException if the file cannot be read
   * @throws CertificateException if it holds no certificate or a malformed one
   */
  static List<X509Certificate> readCaBundle(Path file) throws IOException, CertificateException {
    List<X509Certificate> certificates = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate c : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) c);
      }
    }
    if (certificates.isEmpty()) {
      throw new CertificateException("no PEM certificate found");
    }
    return certificates;
  }

  /**
   * A context that trusts servers whose chain leads to one of {@code cas} and whose certificate
   * names the probed IP address in its subject alternative names (see {@link IpSanTrustManager}).
   *
   * @param cas the trusted CA certificates
   * @param origin where they came from, for error messages: {@code ca-file /path}
   */
  static SSLContext verifying(List<X509Certificate> cas, String origin) throws GeneralSecurityException {
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
    X509TrustManager chainTrust = null;
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        chainTrust = x509;
      }
    }
    if (chainTrust == null) {
      throw new GeneralSecurityException("the default trust manager factory offers no X.509 trust manager");
    }
    return context(new IpSanTrustManager(chainTrust, origin));
  }

  /** A context that accepts any server certificate: {@code insecure-skip-verify: true}. */
  static SSLContext trustingAnyServer() throws GeneralSecurityException {
    return context(new AnyServerTrustManager());
  }

  private static SSLContext context(X509ExtendedTrustManager trustManager) throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustManager}, null);
    return context;
  }

  /**
   * Accepts every server. Being an {@link X509ExtendedTrustManager}, the JDK does not wrap it with
   * its own hostname check, so nothing about the server is verified.
   */
  private static final class AnyServerTrustManager extends ServerOnlyTrustManager {

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
