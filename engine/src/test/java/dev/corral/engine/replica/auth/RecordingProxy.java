package dev.corral.engine.replica.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on loopback that passes a connection through to a server and keeps a copy of every
 * byte each way: what an eavesdropper on the network would capture.
 */
final class RecordingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
    private final List<Socket> sockets = new ArrayList<>();

    RecordingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("recording-proxy").start(this::acceptOne);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** Everything the client sent so far. */
    byte[] clientBytes() {
        synchronized (fromClient) {
            return fromClient.toByteArray();
        }
    }

    /** Everything the server sent so far. */
    byte[] serverBytes() {
        synchronized (fromServer) {
            return fromServer.toByteArray();
        }
    }

    private void acceptOne() {
        try {
            Socket client = listener.accept();
            Socket server = new Socket();
            server.connect(target, 5000);
            synchronized (sockets) {
                sockets.add(client);
                sockets.add(server);
            }
            Thread.ofPlatform().daemon().start(() -> pump(client, server, fromClient));
            pump(server, client, fromServer);
        } catch (IOException closed) {
            // the test closed the proxy
        }
    }

    private static void pump(Socket from, Socket to, ByteArrayOutputStream copy) {
        byte[] chunk = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                synchronized (copy) {
                    copy.write(chunk, 0, n);
                }
                out.write(chunk, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException closed) {
            // one side went away; the other pump ends with it
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
