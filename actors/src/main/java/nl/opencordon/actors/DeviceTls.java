package nl.opencordon.actors;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to a device broker (MQTT over {@code ssl://}), as camera and sign drivers configure it under their
 * {@code tls} block: the CA that signed the broker's certificate (PEM), and optionally a client certificate
 * (PKCS#12) for a broker that asks for one. Nothing set: the JVM's own trust store, no client certificate.
 */
public record DeviceTls(String caFile, String keyStore, String keyStorePassword) {
  public static DeviceTls fromConfig(Config tls) {
    return new DeviceTls(tls.getString("ca-file"), tls.getString("key-store"), tls.getString("key-store-password"));
  }

  public static final DeviceTls NONE = new DeviceTls("", "", "");

  /** The socket factory for the connection; empty when nothing is configured (the client's default). */
  public Optional<SSLSocketFactory> socketFactory() {
    if (caFile.isEmpty() && keyStore.isEmpty()) {
      return Optional.empty();
    }
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(caFile.isEmpty() ? null : trusted(Path.of(caFile)));
      KeyManagerFactory keys = null;
      if (!keyStore.isEmpty()) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(keyStore))) {
          store.load(in, keyStorePassword.toCharArray());
        }
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, keyStorePassword.toCharArray());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return Optional.of(context.getSocketFactory());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("device TLS: cannot use ca-file '" + caFile + "' or key-store '" + keyStore
          + "': " + e.getMessage(), e);
    }
  }

  /** A trust store holding every certificate of a PEM file. */
  private static KeyStore trusted(Path pem) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      int n = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + n++, cert);
      }
    }
    return store;
  }
}
