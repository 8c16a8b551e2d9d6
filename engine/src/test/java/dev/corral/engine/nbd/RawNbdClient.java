package dev.corral.engine.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** A blocking socket speaking raw bytes to the server, to misbehave in ways real clients do not. */
final class RawNbdClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawNbdClient(InetSocketAddress server) throws IOException {
        socket = new Socket(server.getAddress(), server.getPort());
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    RawNbdClient expectGreeting() throws IOException {
        assertThat(in.readLong()).isEqualTo(NbdWire.NBDMAGIC);
        assertThat(in.readLong()).isEqualTo(NbdWire.IHAVEOPT);
        assertThat(in.readUnsignedShort()).isEqualTo(3);
        return this;
    }

    /** Greeting, fixed newstyle with no zeroes, then NBD_OPT_GO for {@code export}. */
    RawNbdClient go(String export) throws IOException {
        expectGreeting();
        send(NbdWire.clientFlags(3));
        send(NbdWire.option(7, NbdWire.goData(export)));
        NbdWire.OptionReply reply;
        do {
            reply = readOptionReply();
        } while (reply.type() == 3);
        assertThat(reply.type()).as("GO acknowledged").isEqualTo(1);
        return this;
    }

    RawNbdClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    NbdWire.OptionReply readOptionReply() throws IOException {
        byte[] header = in.readNBytes(20);
        assertThat(header).as("option reply header").hasSize(20);
        ByteBuf buf = Unpooled.wrappedBuffer(header);
        buf.skipBytes(16);
        byte[] data = in.readNBytes(buf.readInt());
        return NbdWire.readOptionReply(Unpooled.wrappedBuffer(header, data));
    }

    NbdWire.SimpleReply readSimpleReply() throws IOException {
        return NbdWire.readSimpleReply(Unpooled.wrappedBuffer(in.readNBytes(16)));
    }

    byte[] readBytes(int length) throws IOException {
        return in.readNBytes(length);
    }

    /** Waits for the server to close the connection: end of stream or a reset. */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // Drain whatever the server still sent before closing.
            }
            return true;
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
