package dev.corral.engine.replica.auth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What each side of the handshake signs ({@link HandshakeFormat} gives the layout). The labels
 * keep a server's proof from passing as a client's and the other way round; the nonces tie each
 * proof to one connection; the chains' hashes tie the client's proof to the server it answered.
 */
final class Transcript {
    private static final byte[] SERVER_LABEL =
            "corral replica handshake v1: server proof\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_LABEL =
            "corral replica handshake v1: client proof\0".getBytes(StandardCharsets.US_ASCII);

    private Transcript() {}

    static byte[] serverProof(byte[] clientNonce, byte[] serverNonce, List<X509Certificate> serverChain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SERVER_LABEL);
        out.writeBytes(clientNonce);
        out.writeBytes(serverNonce);
        out.writeBytes(hash(serverChain));
        return out.toByteArray();
    }

    static byte[] clientProof(
            byte[] clientNonce,
            byte[] serverNonce,
            List<X509Certificate> serverChain,
            List<X509Certificate> clientChain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CLIENT_LABEL);
        out.writeBytes(clientNonce);
        out.writeBytes(serverNonce);
        out.writeBytes(hash(serverChain));
        out.writeBytes(hash(clientChain));
        return out.toByteArray();
    }

    private static byte[] hash(List<X509Certificate> chain) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (X509Certificate certificate : chain) {
                byte[] der = certificate.getEncoded();
                sha256.update(ByteBuffer.allocate(4).putInt(der.length).array());
                sha256.update(der);
            }
            return sha256.digest();
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash a certificate chain", e);
        }
    }
}
