package dev.corral.api.nbd;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small blocking NBD client: fixed-newstyle handshake, {@code NBD_OPT_GO} for one export, then
 * READ, WRITE (optionally FUA), FLUSH and a clean disconnect, one request at a time with simple
 * replies. For checks that go through the same protocol as a workload (the console's failure
 * drill), not for throughput. Every reply's magic, cookie and length is checked; anything else is
 * an {@link IOException} that says what arrived.
 */
public final class NbdClient implements AutoCloseable {
    private static final int MAX_IO = 1 << 20;

    private final SocketChannel channel;
    private final Deadline deadline;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final long size;
    private final int transmissionFlags;
    private long nextCookie = 1;

    private NbdClient(
            SocketChannel channel, Deadline deadline, DataInputStream in, DataOutputStream out, long size, int flags) {
        this.channel = channel;
        this.deadline = deadline;
        this.in = in;
        this.out = out;
        this.size = size;
        this.transmissionFlags = flags;
    }

    /**
     * Connects to {@code nbd://HOST:PORT/EXPORT} or {@code nbd+unix:///EXPORT?socket=PATH} (the forms
     * a volume's endpoint has); every request not answered within {@code timeout} closes the
     * connection and fails.
     */
    public static NbdClient connect(URI uri, Duration timeout) throws IOException {
        SocketAddress address = NbdUris.address(uri);
        String export = NbdUris.export(uri);
        Deadline deadline = new Deadline(timeout);
        SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        try {
            if (!(address instanceof UnixDomainSocketAddress)) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(channel));
            Export negotiated = deadline.within(channel, "connect and handshake", () -> {
                channel.connect(address);
                return handshake(in, out, export);
            });
            return new NbdClient(channel, deadline, in, out, negotiated.size(), negotiated.transmissionFlags());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** What NBD_OPT_GO told of the export. */
    private record Export(long size, int transmissionFlags) {}

    private static Export handshake(DataInputStream in, DataOutputStream out, String export) throws IOException {
        expect("server magic", ClientWire.NBDMAGIC, in.readLong());
        expect("option magic", ClientWire.IHAVEOPT, in.readLong());
        int serverFlags = in.readUnsignedShort();
        if ((serverFlags & ClientWire.FLAG_FIXED_NEWSTYLE) == 0) {
            throw new IOException("the server does not speak fixed-newstyle NBD (handshake flags " + serverFlags + ")");
        }
        boolean noZeroes = (serverFlags & ClientWire.FLAG_NO_ZEROES) != 0;
        out.writeInt(ClientWire.CLIENT_FLAG_FIXED_NEWSTYLE | (noZeroes ? ClientWire.CLIENT_FLAG_NO_ZEROES : 0));
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        out.writeLong(ClientWire.IHAVEOPT);
        out.writeInt(ClientWire.OPT_GO);
        out.writeInt(4 + name.length + 2);
        out.writeInt(name.length);
        out.write(name);
        out.writeShort(0); // no information requests: NBD_INFO_EXPORT is always sent
        out.flush();
        long size = -1;
        int flags = 0;
        while (true) {
            expect("option reply magic", ClientWire.OPTION_REPLY_MAGIC, in.readLong());
            expect("option in reply", ClientWire.OPT_GO, in.readInt());
            int type = in.readInt();
            int length = in.readInt();
            if (length < 0 || length > ClientWire.MAX_STRING_LENGTH + 8) {
                throw new IOException("option reply of " + Integer.toUnsignedString(length) + " bytes is too long");
            }
            byte[] data = in.readNBytes(length);
            if (data.length != length) {
                throw new EOFException("the server closed the connection in an option reply");
            }
            if (type == ClientWire.REP_ACK) {
                if (size < 0) {
                    throw new IOException("the server acknowledged NBD_OPT_GO without telling the export's size");
                }
                return new Export(size, flags);
            }
            if (type == ClientWire.REP_INFO) {
                if (length >= 2 && ((data[0] & 0xff) << 8 | (data[1] & 0xff)) == ClientWire.INFO_EXPORT) {
                    if (length != 12) {
                        throw new IOException("NBD_INFO_EXPORT of " + length + " bytes, expected 12");
                    }
                    var info = ByteBuffer.wrap(data, 2, 10);
                    size = info.getLong();
                    flags = info.getShort() & 0xffff;
                }
                continue;
            }
            if (type < 0) {
                String message = new String(data, StandardCharsets.UTF_8);
                throw new IOException("the server refused export '" + export + "' (error " + Integer.toHexString(type)
                        + (message.isEmpty() ? "" : ": " + message) + ")");
            }
            throw new IOException("unexpected option reply type " + type + " to NBD_OPT_GO");
        }
    }

    public long size() {
        return size;
    }

    /** Reads {@code length} bytes at {@code offset}. */
    public byte[] read(long offset, int length) throws IOException {
        checkRange(offset, length);
        return deadline.within(channel, "read", () -> {
            long cookie = send(0, 0, offset, length, null);
            receive(cookie, "read");
            byte[] data = in.readNBytes(length);
            if (data.length != length) {
                throw new EOFException(
                        "the server closed the connection after " + data.length + " of " + length + " bytes");
            }
            return data;
        });
    }

    /** Writes {@code data} at {@code offset}; with {@code fua} it is durable when this returns. */
    public void write(long offset, byte[] data, boolean fua) throws IOException {
        checkRange(offset, data.length);
        if (fua && (transmissionFlags & ClientWire.FLAG_SEND_FUA) == 0) {
            throw new IOException("the server does not accept FUA writes");
        }
        deadline.within(channel, "write", () -> {
            receive(send(fua ? ClientWire.CMD_FLAG_FUA : 0, 1, offset, data.length, data), "write");
            return null;
        });
    }

    /** Makes every completed write durable. */
    public void flush() throws IOException {
        if ((transmissionFlags & ClientWire.FLAG_SEND_FLUSH) == 0) {
            throw new IOException("the server does not accept flush");
        }
        deadline.within(channel, "flush", () -> {
            receive(send(0, 3, 0, 0, null), "flush");
            return null;
        });
    }

    private void checkRange(long offset, int length) {
        if (offset < 0 || length < 0 || length > MAX_IO || offset + length > size) {
            throw new IllegalArgumentException(
                    "request of " + length + " bytes at " + offset + " is outside the export of " + size + " bytes");
        }
    }

    private long send(int flags, int type, long offset, int length, byte[] data) throws IOException {
        long cookie = nextCookie++;
        out.writeInt(ClientWire.REQUEST_MAGIC);
        out.writeShort(flags);
        out.writeShort(type);
        out.writeLong(cookie);
        out.writeLong(offset);
        out.writeInt(length);
        if (data != null) {
            out.write(data);
        }
        out.flush();
        return cookie;
    }

    private void receive(long cookie, String what) throws IOException {
        expect("reply magic", ClientWire.SIMPLE_REPLY_MAGIC, in.readInt());
        int error = in.readInt();
        expect("reply cookie", cookie, in.readLong());
        if (error != 0) {
            throw new IOException(what + " failed on the server: " + errorName(error));
        }
    }

    /** The spec's error values (Linux errno numbers). */
    private static String errorName(int errno) {
        return switch (errno) {
            case 5 -> "EIO (I/O error)";
            case 22 -> "EINVAL (invalid request)";
            case 28 -> "ENOSPC (no space left)";
            case 108 -> "ESHUTDOWN (the server is shutting down)";
            default -> "errno " + errno;
        };
    }

    private static void expect(String what, long wanted, long got) throws IOException {
        if (wanted != got) {
            throw new IOException("not an NBD server, or a broken one: " + what + " is 0x" + Long.toHexString(got)
                    + ", expected 0x" + Long.toHexString(wanted));
        }
    }

    /** Disconnects cleanly (NBD_CMD_DISC), then closes the socket. */
    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen()) {
                deadline.within(channel, "disconnect", () -> send(0, 2, 0, 0, null));
            }
        } catch (IOException ignored) {
            // the channel is closed below either way
        } finally {
            channel.close();
        }
    }
}
