package dev.corral.engine.replica.auth;

/**
 * Byte layout and limits of the authentication handshake that precedes the replica protocol when
 * {@link PeerAuthentication.SignedNonces} is configured (and of its last frame, ACCEPTED, under
 * {@link PeerAuthentication.MutualTls}). Every integer is big-endian.
 *
 * <p>Frame: a 12-byte header, then {@code bodyLength} bytes.
 *
 * <pre>
 *  0 u32 magic 0x43524C41 ("CRLA")    4 u8 version (1)    5 u8 type    6 u16 flags (0)
 *  8 u32 bodyLength
 * </pre>
 *
 * <p>The exchange, in order:
 *
 * <pre>
 *  client -> server  HELLO (1)         clientNonce[32]
 *  server -> client  SERVER_PROOF (2)  serverNonce[32] chain signature
 *  client -> server  CLIENT_PROOF (3)  chain signature
 *  server -> client  ACCEPTED (4)      (empty)
 *
 *  chain:     u8 count (1..4), then per certificate u16 length (1..8192) and its DER, leaf first
 *  signature: u16 length (1..1024), then the signature by the leaf's key
 * </pre>
 *
 * <p>The server signs {@code "corral replica handshake v1: server proof" 0x00 || clientNonce ||
 * serverNonce || SHA-256(server chain)}; the client signs {@code "corral replica handshake v1:
 * client proof" 0x00 || clientNonce || serverNonce || SHA-256(server chain) || SHA-256(client
 * chain)}, where a chain's hash is over each certificate as u32 length and DER. Both nonces come
 * from {@code SecureRandom} for each connection, so a proof is good for one connection only: a
 * recorded handshake replayed later meets a new nonce and fails. The two labels differ, so a
 * server's proof is never a client's. The algorithm follows from the key (SHA256withECDSA for the
 * cluster's P-256 keys); it is not on the wire.
 *
 * <p>Each side checks every header and length before buffering a body, and refuses a frame of an
 * unexpected type, trailing bytes or a malformed certificate by closing the connection. The client
 * sends its first request only after ACCEPTED; the server reads none before it has sent it.
 */
public final class HandshakeFormat {
    public static final int MAGIC = 0x43524C41;
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 12;
    public static final int NONCE_BYTES = 32;
    public static final int MAX_CHAIN_CERTIFICATES = 4;
    public static final int MAX_CERTIFICATE_BYTES = 8192;
    public static final int MAX_SIGNATURE_BYTES = 1024;

    /** Largest proof body: a nonce, a full chain and a signature. */
    public static final int MAX_BODY_BYTES =
            NONCE_BYTES + 1 + MAX_CHAIN_CERTIFICATES * (2 + MAX_CERTIFICATE_BYTES) + 2 + MAX_SIGNATURE_BYTES;

    public static final int HELLO = 1;
    public static final int SERVER_PROOF = 2;
    public static final int CLIENT_PROOF = 3;
    public static final int ACCEPTED = 4;

    private HandshakeFormat() {}

    static String typeName(int type) {
        return switch (type) {
            case HELLO -> "HELLO";
            case SERVER_PROOF -> "SERVER_PROOF";
            case CLIENT_PROOF -> "CLIENT_PROOF";
            case ACCEPTED -> "ACCEPTED";
            default -> "type " + type;
        };
    }
}
