package dev.corral.engine.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A raw HTTP/1.1 client on a blocking socket that can send a request a byte at a time, for the
 * header and idle timeouts of Corral's HTTP servers. Reads give up after 20 s (a generous bound,
 * never a measured timing).
 */
public final class TricklingClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TricklingClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static TricklingClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        return new TricklingClient(socket);
    }

    public void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Sends {@code text} one byte per {@code pauseMillis}; true when the server closed the
     * connection before all of it was sent (a write failed, or the server's end is closed).
     */
    public boolean trickle(String text, long pauseMillis) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        for (byte b : bytes) {
            try {
                out.write(b);
                out.flush();
                Thread.sleep(pauseMillis);
            } catch (SocketException closed) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (in.available() == 0 && closedByPeer()) {
                return true;
            }
        }
        return false;
    }

    /** Everything the server sends until it closes the connection. */
    public String readAll() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            in.transferTo(received);
        } catch (SocketException reset) {
            // a reset is a close too
        }
        return received.toString(StandardCharsets.US_ASCII);
    }

    /** One response with a Content-Length body: headers and body as text. */
    public String readResponse() throws IOException {
        String head = readUntil("\r\n\r\n");
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    /** What arrives up to and including {@code end}; fails if the connection closes before it. */
    public String readUntil(String end) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + text.length() + " bytes: " + text);
            }
            text.append((char) b);
        }
        return text.toString();
    }

    /** True when the server's end is closed: a read would return end of stream at once. */
    private boolean closedByPeer() throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(1);
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException open) {
            return false;
        } catch (SocketException reset) {
            return true;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
