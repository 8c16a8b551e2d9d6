package dev.corral.engine.replica.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A blocking socket that sends hand-built bytes (frames laid out as the documentation says, not by
 * our encoders) and collects whatever the other end answers until it closes the connection.
 */
final class RawPeer implements AutoCloseable {
    static final int REQUEST_MAGIC = 0x43524C51;
    static final int WRITE = 2;

    /** What came back, and whether the other end closed the connection (rather than going silent). */
    record Outcome(byte[] received, boolean closedByPeer) {}

    private final Socket socket;

    RawPeer(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, 5000);
        // Only the limit for a peer that neither answers nor closes; refusals arrive at once.
        socket.setSoTimeout(15_000);
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads until the other end closes the connection, or goes silent for the socket timeout. */
    Outcome drain() {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                received.write(chunk, 0, n);
            }
            return new Outcome(received.toByteArray(), true);
        } catch (SocketTimeoutException silent) {
            return new Outcome(received.toByteArray(), false);
        } catch (IOException reset) {
            return new Outcome(received.toByteArray(), true);
        }
    }

    /** A replica protocol request frame, as docs and {@code WireFormat} lay it out. */
    static byte[] request(int op, long id, long offset, byte[] payload) {
        return ByteBuffer.allocate(36 + payload.length)
                .putInt(REQUEST_MAGIC)
                .put((byte) 1)
                .put((byte) op)
                .putShort((short) 0)
                .putLong(id)
                .putLong(offset)
                .putLong(payload.length)
                .putInt(payload.length)
                .put(payload)
                .array();
    }

    /** A handshake frame header followed by {@code body}; {@code declaredLength} may lie. */
    static byte[] handshakeFrame(int magic, int version, int type, long declaredLength, byte[] body) {
        return ByteBuffer.allocate(12 + body.length)
                .putInt(magic)
                .put((byte) version)
                .put((byte) type)
                .putShort((short) 0)
                .putInt((int) declaredLength)
                .put(body)
                .array();
    }

    static byte[] hello(byte[] nonce) {
        return handshakeFrame(HandshakeFormat.MAGIC, 1, HandshakeFormat.HELLO, nonce.length, nonce);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
