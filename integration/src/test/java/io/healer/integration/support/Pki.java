package io.healer.integration.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away certificate authority for one test cluster, made with the {@code openssl} command
 * (Debian's): the API server's serving certificate for 127.0.0.1 and localhost, client
 * certificates, and the ServiceAccount token signing key pair.
 */
public final class Pki {

  private final Path dir;

  private Pki(Path dir) {
    this.dir = dir;
  }

  /** Makes a new CA ({@code ca.crt}, {@code ca.key}) and the token signing keys ({@code sa.key}, {@code sa.pub}) in {@code dir}. */
  public static Pki create(Path dir, String caName) {
    Pki pki = new Pki(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pki.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-days", "7", "-subj", "/CN=" + caName, "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    pki.openssl("genrsa", "-out", "sa.key", "2048");
    pki.openssl("rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub");
    return pki;
  }

  /** The folder holding every file. */
  public Path dir() {
    return dir;
  }

  /** The CA certificate (PEM). */
  public Path ca() {
    return dir.resolve("ca.crt");
  }

  /** A file of this PKI by name ({@code sa.key}, {@code apiserver.crt}). */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /** Issues {@code name.crt}/{@code name.key} for a TLS server at 127.0.0.1 and localhost. */
  public void server(String name) {
    issue(name, "/CN=" + name, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  }

  /**
   * Issues {@code name.crt}/{@code name.key} for a client; Kubernetes reads the CN as the user and
   * each O as a group.
   */
  public void client(String name, String user, String... groups) {
    StringBuilder subject = new StringBuilder();
    for (String group : groups) {
      subject.append("/O=").append(group);
    }
    subject.append("/CN=").append(user);
    issue(name, subject.toString(), "extendedKeyUsage=clientAuth\n");
  }

  /**
   * A TLS server context holding {@code name.crt}/{@code name.key} (issued by {@link #server}),
   * through a PKCS#12 file {@code openssl} makes of them.
   */
  public SSLContext serverContext(String name) {
    char[] password = "healer-test".toCharArray();
    openssl("pkcs12", "-export", "-in", name + ".crt", "-inkey", name + ".key", "-out", name + ".p12",
        "-passout", "pass:" + new String(password));
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load " + name + ".p12", e);
    }
  }

  /** Reads a PEM file of this PKI. */
  public String pem(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void issue(String name, String subject, String extensions) {
    try {
      Files.writeString(dir.resolve(name + ".ext"), extensions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
    openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", name + ".crt", "-days", "7", "-extfile", name + ".ext");
  }

  private void openssl(String... args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Commands.run(dir, command);
  }
}
