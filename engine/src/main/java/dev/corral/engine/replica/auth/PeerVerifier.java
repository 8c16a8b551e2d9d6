package dev.corral.engine.replica.auth;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides whether a peer's proof is good: its chain leads to the one trusted authority (PKIX:
 * signatures, validity dates, CA constraints), its own certificate is an end entity's that may
 * sign and, when it names purposes, serve this side of a connection, its signature over the
 * transcript checks out with that certificate's key, and the caller accepts it.
 */
final class PeerVerifier {
    /** Which end the peer is, for the extended key usage its certificate must allow. */
    enum PeerRole {
        SERVER("1.3.6.1.5.5.7.3.1"),
        CLIENT("1.3.6.1.5.5.7.3.2");

        private final String purpose;

        PeerRole(String purpose) {
            this.purpose = purpose;
        }
    }

    private static final String ANY_PURPOSE = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;

    private final X509Certificate authority;
    private final Predicate<X509Certificate> acceptPeer;

    PeerVerifier(X509Certificate authority, Predicate<X509Certificate> acceptPeer) {
        this.authority = authority;
        this.acceptPeer = acceptPeer;
    }

    /** The peer's certificate when every check passes. */
    X509Certificate verify(List<X509Certificate> chain, PeerRole role, byte[] transcript, byte[] signature)
            throws PeerAuthenticationException {
        X509Certificate peer = chain.getFirst();
        validatePath(chain);
        requireSigningEndEntity(peer, role);
        if (!Signatures.verify(peer.getPublicKey(), transcript, signature)) {
            throw new PeerAuthenticationException("the " + describe(role) + "'s signature over this handshake does "
                    + "not check out (a replayed or forged handshake)");
        }
        requireAccepted(acceptPeer, peer);
        return peer;
    }

    /** The caller's verdict on an authenticated peer; a predicate that throws refuses. */
    static void requireAccepted(Predicate<X509Certificate> acceptPeer, X509Certificate peer)
            throws PeerAuthenticationException {
        boolean accepted;
        try {
            accepted = acceptPeer.test(peer);
        } catch (RuntimeException e) {
            accepted = false;
        }
        if (!accepted) {
            throw new PeerAuthenticationException(
                    subject(peer) + " is authenticated but not accepted on this replica connection");
        }
    }

    private void validatePath(List<X509Certificate> chain) throws PeerAuthenticationException {
        // The trust anchor is not part of the path; a sender may or may not have appended it.
        List<X509Certificate> path = new ArrayList<>(chain);
        while (!path.isEmpty() && path.getLast().equals(authority)) {
            path.removeLast();
        }
        if (path.isEmpty()) {
            throw new PeerAuthenticationException("the peer presented only the authority's own certificate");
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(authority, null)));
            // The cluster's authority publishes no revocation lists: certificates expire instead.
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            throw new PeerAuthenticationException(
                    subject(chain.getFirst()) + " is not vouched for by this cluster's authority: " + e.getMessage(),
                    e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot validate certificate paths", e);
        }
    }

    private static void requireSigningEndEntity(X509Certificate peer, PeerRole role)
            throws PeerAuthenticationException {
        if (peer.getBasicConstraints() != -1) {
            throw new PeerAuthenticationException(subject(peer) + " is a CA certificate, not a peer's");
        }
        boolean[] usage = peer.getKeyUsage();
        if (usage == null || usage.length <= DIGITAL_SIGNATURE || !usage[DIGITAL_SIGNATURE]) {
            throw new PeerAuthenticationException(subject(peer) + " does not allow digital signatures (key usage)");
        }
        List<String> purposes;
        try {
            purposes = peer.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new PeerAuthenticationException(subject(peer) + " has an unreadable extended key usage", e);
        }
        if (purposes != null && !purposes.contains(role.purpose) && !purposes.contains(ANY_PURPOSE)) {
            throw new PeerAuthenticationException(
                    subject(peer) + " may not act as a " + describe(role) + " (extended key usage)");
        }
    }

    private static String describe(PeerRole role) {
        return role == PeerRole.SERVER ? "server" : "client";
    }

    static String subject(X509Certificate certificate) {
        return "certificate '" + certificate.getSubjectX500Principal().getName() + "'";
    }
}
