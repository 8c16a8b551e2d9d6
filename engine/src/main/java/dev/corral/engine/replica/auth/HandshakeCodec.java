package dev.corral.engine.replica.auth;

import static dev.corral.engine.replica.auth.HandshakeFormat.ACCEPTED;
import static dev.corral.engine.replica.auth.HandshakeFormat.CLIENT_PROOF;
import static dev.corral.engine.replica.auth.HandshakeFormat.HEADER_BYTES;
import static dev.corral.engine.replica.auth.HandshakeFormat.HELLO;
import static dev.corral.engine.replica.auth.HandshakeFormat.MAX_BODY_BYTES;
import static dev.corral.engine.replica.auth.HandshakeFormat.MAX_CERTIFICATE_BYTES;
import static dev.corral.engine.replica.auth.HandshakeFormat.MAX_CHAIN_CERTIFICATES;
import static dev.corral.engine.replica.auth.HandshakeFormat.MAX_SIGNATURE_BYTES;
import static dev.corral.engine.replica.auth.HandshakeFormat.NONCE_BYTES;
import static dev.corral.engine.replica.auth.HandshakeFormat.SERVER_PROOF;

import dev.corral.engine.replica.auth.HandshakeMessage.Accepted;
import dev.corral.engine.replica.auth.HandshakeMessage.ClientProof;
import dev.corral.engine.replica.auth.HandshakeMessage.Hello;
import dev.corral.engine.replica.auth.HandshakeMessage.ServerProof;
import dev.corral.engine.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Handshake frames to bytes and back, checking every length before it is trusted. */
final class HandshakeCodec {
    private HandshakeCodec() {}

    static ByteBuf encode(ByteBufAllocator alloc, HandshakeMessage message) {
        ByteBuf out = alloc.buffer();
        out.writeInt(HandshakeFormat.MAGIC)
                .writeByte(HandshakeFormat.VERSION)
                .writeByte(message.type())
                .writeShort(0)
                .writeInt(0); // body length, set below
        switch (message) {
            case Hello hello -> out.writeBytes(hello.clientNonce());
            case ServerProof proof -> {
                out.writeBytes(proof.serverNonce());
                writeChain(out, proof.chain());
                writeSignature(out, proof.signature());
            }
            case ClientProof proof -> {
                writeChain(out, proof.chain());
                writeSignature(out, proof.signature());
            }
            case Accepted accepted -> {}
        }
        out.setInt(8, out.readableBytes() - HEADER_BYTES);
        return out;
    }

    /**
     * The next frame in {@code in}, which must be of {@code expectedType}; null while its bytes
     * have not all arrived (nothing is consumed then). Refuses a bad header as soon as its 12 bytes
     * are there, before waiting for a body.
     */
    static HandshakeMessage decode(ByteBuf in, int expectedType) throws PeerAuthenticationException {
        if (in.readableBytes() < HEADER_BYTES) {
            return null;
        }
        int start = in.readerIndex();
        int magic = in.getInt(start);
        if (magic != HandshakeFormat.MAGIC) {
            throw new PeerAuthenticationException(notAHandshake(magic));
        }
        int version = in.getUnsignedByte(start + 4);
        if (version != HandshakeFormat.VERSION) {
            throw new PeerAuthenticationException("handshake version " + version + ", this end speaks 1");
        }
        int type = in.getUnsignedByte(start + 5);
        if (type != expectedType) {
            throw new PeerAuthenticationException(
                    "expected " + HandshakeFormat.typeName(expectedType) + ", got " + HandshakeFormat.typeName(type));
        }
        if (in.getUnsignedShort(start + 6) != 0) {
            throw new PeerAuthenticationException("handshake flags must be 0");
        }
        long bodyLength = in.getUnsignedInt(start + 8);
        long allowed = switch (type) {
            case HELLO -> NONCE_BYTES;
            case ACCEPTED -> 0;
            default -> MAX_BODY_BYTES;
        };
        if (bodyLength > allowed || (type == HELLO && bodyLength != NONCE_BYTES)) {
            throw new PeerAuthenticationException(HandshakeFormat.typeName(type) + " body of " + bodyLength + " bytes; "
                    + (type == HELLO ? "it is " : "at most ") + allowed);
        }
        if (in.readableBytes() < HEADER_BYTES + bodyLength) {
            return null;
        }
        in.skipBytes(HEADER_BYTES);
        ByteBuf body = in.readSlice((int) bodyLength);
        HandshakeMessage message = switch (type) {
            case HELLO -> new Hello(bytes(body, NONCE_BYTES, "nonce"));
            case SERVER_PROOF ->
                new ServerProof(bytes(body, NONCE_BYTES, "nonce"), readChain(body), readSignature(body));
            case CLIENT_PROOF -> new ClientProof(readChain(body), readSignature(body));
            case ACCEPTED -> new Accepted();
            default -> throw new PeerAuthenticationException("unknown handshake frame type " + type);
        };
        if (body.isReadable()) {
            throw new PeerAuthenticationException(
                    body.readableBytes() + " bytes after the end of " + HandshakeFormat.typeName(type));
        }
        return message;
    }

    private static String notAHandshake(int magic) {
        if (magic == WireFormat.REQUEST_MAGIC) {
            return "a replica request before authentication";
        }
        if (magic == WireFormat.RESPONSE_MAGIC) {
            return "the peer speaks the replica protocol without authentication";
        }
        if (magic >>> 16 == 0x1603) { // a TLS handshake record
            return "the peer speaks TLS; this end expects the signed-nonce handshake";
        }
        return String.format("expected a replica handshake frame, got magic 0x%08x", magic);
    }

    private static void writeChain(ByteBuf out, List<X509Certificate> chain) {
        out.writeByte(chain.size());
        for (X509Certificate certificate : chain) {
            byte[] der;
            try {
                der = certificate.getEncoded();
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode this replica's certificate", e);
            }
            out.writeShort(der.length).writeBytes(der);
        }
    }

    private static void writeSignature(ByteBuf out, byte[] signature) {
        out.writeShort(signature.length).writeBytes(signature);
    }

    private static List<X509Certificate> readChain(ByteBuf body) throws PeerAuthenticationException {
        int count = unsignedByte(body, "certificate count");
        if (count < 1 || count > MAX_CHAIN_CERTIFICATES) {
            throw new PeerAuthenticationException(
                    "a chain of " + count + " certificates; 1.." + MAX_CHAIN_CERTIFICATES + " are allowed");
        }
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        List<X509Certificate> chain = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = unsignedShort(body, "certificate length");
            if (length < 1 || length > MAX_CERTIFICATE_BYTES) {
                throw new PeerAuthenticationException(
                        "a certificate of " + length + " bytes; 1.." + MAX_CERTIFICATE_BYTES + " are allowed");
            }
            byte[] der = bytes(body, length, "certificate");
            try {
                Certificate certificate = factory.generateCertificate(new ByteArrayInputStream(der));
                if (!(certificate instanceof X509Certificate x509)) {
                    throw new PeerAuthenticationException("certificate " + (i + 1) + " is not X.509");
                }
                chain.add(x509);
            } catch (CertificateException e) {
                throw new PeerAuthenticationException("certificate " + (i + 1) + " is unreadable", e);
            }
        }
        return List.copyOf(chain);
    }

    private static byte[] readSignature(ByteBuf body) throws PeerAuthenticationException {
        int length = unsignedShort(body, "signature length");
        if (length < 1 || length > MAX_SIGNATURE_BYTES) {
            throw new PeerAuthenticationException(
                    "a signature of " + length + " bytes; 1.." + MAX_SIGNATURE_BYTES + " are allowed");
        }
        return bytes(body, length, "signature");
    }

    private static int unsignedByte(ByteBuf body, String what) throws PeerAuthenticationException {
        require(body, 1, what);
        return body.readUnsignedByte();
    }

    private static int unsignedShort(ByteBuf body, String what) throws PeerAuthenticationException {
        require(body, 2, what);
        return body.readUnsignedShort();
    }

    private static byte[] bytes(ByteBuf body, int length, String what) throws PeerAuthenticationException {
        require(body, length, what);
        byte[] bytes = new byte[length];
        body.readBytes(bytes);
        return bytes;
    }

    private static void require(ByteBuf body, int length, String what) throws PeerAuthenticationException {
        if (body.readableBytes() < length) {
            throw new PeerAuthenticationException("the frame ends inside the " + what);
        }
    }
}
