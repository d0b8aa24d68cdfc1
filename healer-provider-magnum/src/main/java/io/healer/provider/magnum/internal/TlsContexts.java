package io.healer.provider.magnum.internal;

import io.healer.api.tls.Tls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** Builds the TLS context of the session from ca-file, tls-insecure and cert-file/key-file. */
final class TlsContexts {

  private TlsContexts() {}

  static SSLContext create(AuthConfig auth) {
    try {
      TrustManager trust = null;
      if (auth.tlsInsecure()) {
        trust = Tls.trustingAnyServer();
      } else if (!auth.caFile().isEmpty()) {
        trust = Tls.trusting(Tls.readCertificates(Path.of(auth.caFile())));
      }
      KeyManager[] keys = null;
      if (!auth.certFile().isEmpty() && !auth.keyFile().isEmpty()) {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        char[] none = new char[0];
        store.setKeyEntry("client", privateKey(Path.of(auth.keyFile())), none,
            Tls.readCertificates(Path.of(auth.certFile())).toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, none);
        keys = kmf.getKeyManagers();
      }
      return Tls.clientContext(keys, trust);
    } catch (IOException | GeneralSecurityException e) {
      // The message names the file and the problem, never the key material.
      throw new IllegalArgumentException("cannot set up TLS: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file);
    int start = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (start < 0 || end < 0) {
      throw new GeneralSecurityException(file + " holds no PKCS#8 'BEGIN PRIVATE KEY' block");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + 27, end));
    List<GeneralSecurityException> failures = new ArrayList<>();
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        failures.add(e);
      }
    }
    throw new GeneralSecurityException(file + " holds no RSA, EC or Ed25519 key");
  }
}
