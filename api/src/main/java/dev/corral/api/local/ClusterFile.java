package dev.corral.api.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.v1.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The file format of a local cluster (`corral local up --dir DIR`), for whoever must find one: the
 * CLI, and the console, which starts the cluster's processes by command and reads the rest here.
 *
 * <ul>
 *   <li>{@code DIR/cluster.json}: this record as JSON, {@code {"controlPlaneListen":
 *       "127.0.0.1:PORT", "nodes": [{"name": "node-1", "address": "127.0.1.1", "netns": null},
 *       ...]}}: the control plane's address (stable across its restarts, so that agents find it
 *       again) and each node with the address it binds to. Written once the cluster is laid out,
 *       before any process starts.
 *   <li>{@code DIR/credentials}: the API's {@code user:password} line ({@link Credentials}).
 * </ul>
 *
 * Process ids are not part of it: they live in each process's pid file, which only the local
 * cluster's own commands read.
 */
public record ClusterFile(String controlPlaneListen, List<LocalNode> nodes) {
    public static final String NAME = "cluster.json";
    public static final String CREDENTIALS = "credentials";

    public ClusterFile {
        nodes = List.copyOf(nodes);
    }

    /** The control plane's API URL. */
    public String url() {
        return "http://" + controlPlaneListen;
    }

    public Optional<LocalNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public ClusterFile withNode(LocalNode node) {
        List<LocalNode> more = new ArrayList<>(nodes);
        more.add(node);
        return new ClusterFile(controlPlaneListen, more);
    }

    /** The cluster laid out in {@code dir}, if any. */
    public static Optional<ClusterFile> read(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(mapper().readValue(file.toFile(), ClusterFile.class));
    }

    /** Where the cluster in {@code dir} serves its API, with its credentials; empty before it is laid out. */
    public static Optional<ApiEndpoint> endpoint(Path dir) throws IOException {
        Optional<ClusterFile> file = read(dir);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ApiEndpoint.of(file.get().url()).withCredentials(Credentials.load(credentials(dir))));
    }

    public static Path credentials(Path dir) {
        return dir.resolve(CREDENTIALS);
    }

    /** Replaces the file atomically: a reader sees the old cluster or the new one. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(NAME + ".tmp");
        mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static ObjectMapper mapper() {
        return ResourceJson.mapper();
    }
}
