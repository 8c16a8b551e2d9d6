package dev.corral.api.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts that trust the cluster's authority and nothing else: a certificate from another CA
 * (or a public one) is refused on either end. TLS 1.3 only.
 */
public final class TlsContexts {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TlsContexts() {}

    /** A server presenting {@code identity}; it asks clients for a certificate of {@code authority}. */
    public static SSLContext server(Identity identity, X509Certificate authority) {
        return context(Optional.of(identity), authority);
    }

    /** A client trusting servers of {@code authority}, presenting {@code identity} when given (mTLS). */
    public static SSLContext client(X509Certificate authority, Optional<Identity> identity) {
        return context(identity, authority);
    }

    private static SSLContext context(Optional<Identity> identity, X509Certificate authority) {
        try {
            KeyManagerFactory keys = null;
            if (identity.isPresent()) {
                // The in-memory key store needs some password; this one never leaves the method.
                char[] password = new char[24];
                for (int i = 0; i < password.length; i++) {
                    password[i] = (char) ('a' + RANDOM.nextInt(26));
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry(
                        "identity",
                        identity.get().key(),
                        password,
                        identity.get().chain().toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, password);
            }
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("cluster-ca", authority);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), RANDOM);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context for the cluster's authority", e);
        }
    }
}
