package dev.corral.engine.replica.client;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake replica on a plain ServerSocket: every accepted connection runs a script (stay silent,
 * send garbage, answer the wrong request), to drive the client into its failure paths.
 */
final class ScriptedReplica implements AutoCloseable {
    /** What the fake does with one accepted connection. */
    @FunctionalInterface
    interface Script {
        void serve(DataInputStream in, OutputStream out) throws IOException;
    }

    /** Accepts and reads everything, never answers. */
    static final Script SILENT = (in, out) -> in.transferTo(OutputStream.nullOutputStream());

    private final ServerSocket serverSocket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private ScriptedReplica(Script script) throws IOException {
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> acceptLoop(script));
    }

    static ScriptedReplica start(Script script) throws IOException {
        return new ScriptedReplica(script);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    String hostPort() {
        return address().getAddress().getHostAddress() + ":" + address().getPort();
    }

    private void acceptLoop(Script script) {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                accepted.add(socket);
                Thread.ofVirtual().start(() -> {
                    try {
                        script.serve(new DataInputStream(socket.getInputStream()), socket.getOutputStream());
                    } catch (IOException closed) {
                        // The client or the test closed the connection.
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws Exception {
        serverSocket.close();
        for (Socket socket : accepted) {
            socket.close();
        }
        acceptor.join();
    }
}
