package dev.headroom.signals;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for Prometheus endpoints. Certificates are always verified: against the JDK's CAs or a given
 * PEM bundle, and the host name against the URL's host (the JDK's check) or a given server name
 * (checked here, against the certificate's DNS names). There is no way to turn verification off.
 */
final class Tls {
  private Tls() {}

  /**
   * @throws GeneralSecurityException when the bundle holds no certificate or can not be read
   */
  static SSLContext context(Optional<String> caPem, Optional<String> serverName)
      throws GeneralSecurityException {
    if (caPem.isEmpty() && serverName.isEmpty()) {
      return SSLContext.getDefault();
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(caPem.isPresent() ? trustStore(caPem.get()) : null);
    X509TrustManager trust = null;
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        trust = x509;
      }
    }
    if (trust == null) {
      throw new GeneralSecurityException("no X.509 trust manager");
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        null,
        new TrustManager[] {
          serverName.isPresent() ? new NamedServerTrust(trust, serverName.get()) : trust
        },
        null);
    return context;
  }

  private static KeyStore trustStore(String pem) throws GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try {
      certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
    } catch (CertificateException e) {
      throw new GeneralSecurityException(
          "the CA bundle is not PEM certificates: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("the CA bundle holds no certificate");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    return store;
  }

  /** Verifies the chain as usual, and the host name against a fixed server name. */
  private static final class NamedServerTrust extends X509ExtendedTrustManager {
    private final X509TrustManager chain;
    private final String serverName;

    NamedServerTrust(X509TrustManager chain, String serverName) {
      this.chain = chain;
      this.serverName = serverName.toLowerCase(Locale.ROOT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType)
        throws CertificateException {
      chain.checkServerTrusted(certs, authType);
      if (certs == null || certs.length == 0 || !matches(certs[0], serverName)) {
        throw new CertificateException(
            "the server's certificate is not for " + serverName + " (tls.serverName)");
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(certs, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(certs, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return chain.getAcceptedIssuers();
    }
  }

  /** RFC 6125: a DNS subjectAltName equal to the name, or a wildcard for its left-most label. */
  static boolean matches(X509Certificate certificate, String name) {
    Collection<List<?>> alternatives;
    try {
      alternatives = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return false;
    }
    if (alternatives == null) {
      return false;
    }
    for (List<?> alternative : alternatives) {
      if (alternative.size() >= 2
          && Integer.valueOf(2).equals(alternative.get(0))
          && alternative.get(1) instanceof String dns
          && dnsMatches(dns.toLowerCase(Locale.ROOT), name)) {
        return true;
      }
    }
    return false;
  }

  static boolean dnsMatches(String pattern, String name) {
    if (pattern.startsWith("*.")) {
      int dot = name.indexOf('.');
      return dot > 0 && name.substring(dot).equals(pattern.substring(1));
    }
    return pattern.equals(name);
  }
}
