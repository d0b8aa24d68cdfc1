package io.healer.checks.standard;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies a server the way Go's {@code crypto/tls} does for a URL whose host is an IP address:
 * the chain must lead to a trusted CA, and the leaf certificate must list that IP address among its
 * {@code iPAddress} subject alternative names (DNS names and the common name do not count).
 *
 * <p>The Endpoint check probes nodes by IP. Doing the identity check here, rather than relying on
 * the JDK HttpClient's hostname verification, makes it independent of the JVM-wide system property
 * {@code jdk.internal.httpclient.disableHostnameVerification}: the JDK does not add its own check
 * around an {@link X509ExtendedTrustManager}, so this class is the one place that decides.
 */
final class IpSanTrustManager extends ServerOnlyTrustManager {

  private static final int SAN_IP_ADDRESS = 7;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final X509TrustManager chainTrust;
  private final String origin;

  /**
   * @param chainTrust verifies the chain against the trusted CAs
   * @param origin where the CAs came from, for error messages
   */
  IpSanTrustManager(X509TrustManager chainTrust, String origin) {
    this.chainTrust = chainTrust;
    this.origin = origin;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    SSLSession session = engine.getHandshakeSession();
    verify(chain, authType, session != null ? session.getPeerHost() : engine.getPeerHost());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
    verify(chain, authType, session == null ? null : session.getPeerHost());
  }

  /** Without a connection there is no address to verify the certificate against: refused. */
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    verify(chain, authType, null);
  }

  private void verify(X509Certificate[] chain, String authType, String peerHost) throws CertificateException {
    try {
      chainTrust.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new CertificateException(
          "the server's certificate chain is not trusted by " + origin + " (" + root.getMessage() + ")", e);
    }
    InetAddress expected = ipLiteral(peerHost);
    if (expected == null) {
      throw new CertificateException("cannot verify the server's identity: '" + peerHost + "' is not an IP address");
    }
    List<String> listed = ipSans(chain[0]);
    for (String san : listed) {
      InetAddress candidate = ipLiteral(san);
      if (expected.equals(candidate)) {
        return;
      }
    }
    throw new CertificateException("the server's certificate is not valid for " + peerHost
        + ": its IP subject alternative names are " + listed);
  }

  private static List<String> ipSans(X509Certificate leaf) throws CertificateParsingException {
    List<String> ips = new ArrayList<>();
    Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
    if (sans != null) {
      for (List<?> san : sans) {
        if (san.size() >= 2 && Integer.valueOf(SAN_IP_ADDRESS).equals(san.get(0))) {
          ips.add(String.valueOf(san.get(1)));
        }
      }
    }
    return ips;
  }

  /** Parses an IP literal without any name lookup; {@code null} for anything else. */
  static InetAddress ipLiteral(String host) {
    if (host == null) {
      return null;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      if (IPV4.matcher(h).matches()) {
        String[] parts = h.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int octet = Integer.parseInt(parts[i]);
          if (octet > 255) {
            return null;
          }
          bytes[i] = (byte) octet;
        }
        return InetAddress.getByAddress(bytes);
      }
      // A host with a colon is only ever read as an IPv6 literal, never looked up.
      return h.indexOf(':') >= 0 ? InetAddress.getByName(h) : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return chainTrust.getAcceptedIssuers();
  }
}
