package dev.corral.engine.replica.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A plain blocking socket speaking the documented frame layout by hand, so the server is tested
 * against the spec rather than against our own encoder and decoder.
 */
final class RawReplicaSocket implements AutoCloseable {
    static final int REQUEST_MAGIC = 0x43524C51;
    static final int RESPONSE_MAGIC = 0x43524C53;
    static final int READ = 1;
    static final int WRITE = 2;
    static final int UNMAP = 3;
    static final int FLUSH = 4;
    static final int PING = 5;
    static final int INFO = 6;
    static final int SNAPSHOT = 7;
    static final int EXTENTS = 8;
    static final int GROW = 9;

    /** One response frame. */
    record Answer(int op, int status, long id, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Answer that
                    && op == that.op
                    && status == that.status
                    && id == that.id
                    && Arrays.equals(payload, that.payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(op, status, id, Arrays.hashCode(payload));
        }

        @Override
        public String toString() {
            return "Answer[op=" + op + ", status=" + status + ", id=" + id + ", payload=" + payload.length + " bytes]";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawReplicaSocket(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static byte[] header(int magic, int version, int op, int flags, long id, long offset, long length, int payload) {
        return ByteBuffer.allocate(36)
                .putInt(magic)
                .put((byte) version)
                .put((byte) op)
                .putShort((short) flags)
                .putLong(id)
                .putLong(offset)
                .putLong(length)
                .putInt(payload)
                .array();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void request(int op, long id, long offset, long length, byte[] payload) throws IOException {
        send(header(REQUEST_MAGIC, 1, op, 0, id, offset, length, payload.length));
        send(payload);
    }

    void request(int op, long id, long offset, long length) throws IOException {
        request(op, id, offset, length, new byte[0]);
    }

    Answer answer() throws IOException {
        int magic = in.readInt();
        if (magic != RESPONSE_MAGIC) {
            throw new IOException(String.format("bad response magic 0x%08x", magic));
        }
        int version = in.readUnsignedByte();
        if (version != 1) {
            throw new IOException("bad response version " + version);
        }
        int op = in.readUnsignedByte();
        int status = in.readUnsignedByte();
        in.readUnsignedByte();
        long id = in.readLong();
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return new Answer(op, status, id, payload);
    }

    /** True when the server closed the connection (EOF) before the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
