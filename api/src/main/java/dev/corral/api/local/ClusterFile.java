package dev.corral.api.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.security.Identity;
import dev.corral.api.v1.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
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
 *       before any process starts. {@code "tls": true} (every cluster laid out since issue 11): the
 *       API is https with a certificate of the cluster's own authority.
 *   <li>{@code DIR/credentials}: the API's {@code user:password} line ({@link Credentials}).
 *   <li>{@code DIR/identity/ca.crt}: the cluster's certificate authority, the only one a client of
 *       this cluster believes; {@code ca.key} beside it never leaves the directory.
 * </ul>
 *
 * Process ids are not part of it: they live in each process's pid file, which only the local
 * cluster's own commands read.
 */
public record ClusterFile(String controlPlaneListen, List<LocalNode> nodes, boolean tls) {
    public static final String NAME = "cluster.json";
    public static final String CREDENTIALS = "credentials";
    public static final String AUTHORITY_DIR = "identity";

    public ClusterFile {
        nodes = List.copyOf(nodes);
    }

    /** The control plane's API URL. */
    public String url() {
        return (tls ? "https://" : "http://") + controlPlaneListen;
    }

    public Optional<LocalNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public ClusterFile withNode(LocalNode node) {
        List<LocalNode> more = new ArrayList<>(nodes);
        more.add(node);
        return new ClusterFile(controlPlaneListen, more, tls);
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
        ApiEndpoint endpoint = ApiEndpoint.of(file.get().url()).withCredentials(Credentials.load(credentials(dir)));
        return Optional.of(file.get().tls() ? endpoint.trusting(authority(dir)) : endpoint);
    }

    /** The cluster's certificate authority, which signed the API's certificate. */
    public static X509Certificate authority(Path dir) throws IOException {
        return Identity.authority(authorityDir(dir).resolve("ca.crt"));
    }

    /** Where the authority's certificate and key are (the key is mode 600, the directory 700). */
    public static Path authorityDir(Path dir) {
        return dir.resolve(AUTHORITY_DIR);
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
