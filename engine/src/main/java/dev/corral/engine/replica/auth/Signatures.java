package dev.corral.engine.replica.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Signing and checking handshake transcripts. The algorithm follows from the key's type (a peer
 * never names it on the wire, so it cannot talk a verifier into a weaker one).
 */
final class Signatures {
    private Signatures() {}

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance(algorithm(key));
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with this replica's key", e);
        }
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signed) {
        try {
            Signature signature = Signature.getInstance(algorithm(key));
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signed);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature or an unusable key is a failed proof, not a crash
        }
    }

    /** Refuses, at configuration time, a key that cannot sign or is not the certificate's. */
    static void requireKeyMatches(PrivateKey key, X509Certificate certificate) {
        byte[] probe = "corral replica key check".getBytes(StandardCharsets.US_ASCII);
        if (!verify(certificate.getPublicKey(), probe, sign(key, probe))) {
            throw new IllegalArgumentException("the private key does not belong to the certificate "
                    + certificate.getSubjectX500Principal().getName());
        }
    }

    private static String algorithm(Key key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
        };
    }
}
