package dev.corral.node.instance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The TCP ports a process listens on, as the kernel reports them: the socket inodes among its open
 * file descriptors ({@code /proc/PID/fd}), matched against the listening sockets of its network
 * namespace ({@code /proc/PID/net/tcp} and {@code tcp6}, state 0A).
 */
final class ListeningPorts {
    private static final String LISTEN = "0A";

    private ListeningPorts() {}

    static Set<Integer> of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        Set<String> sockets = socketInodes(proc.resolve("fd"));
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            for (String line : lines(proc.resolve(table))) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[3].equals(LISTEN) && sockets.contains(fields[9])) {
                    String local = fields[1];
                    ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    private static Set<String> socketInodes(Path fds) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : links.toList()) {
                try {
                    String target = Files.readSymbolicLink(link).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while listed: not a listener of interest
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inodes;
    }

    private static List<String> lines(Path table) {
        try {
            List<String> all = Files.readAllLines(table);
            return all.subList(1, all.size()); // the header
        } catch (IOException e) {
            return List.of(); // no IPv6 in this namespace
        }
    }
}
