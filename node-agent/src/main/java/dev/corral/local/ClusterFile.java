package dev.corral.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.api.model.ResourceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a local cluster's commands share, kept in DIR/cluster.json: the control plane's address
 * (stable across its restarts, so agents can find it again) and the nodes with the address each
 * binds to. Process ids live beside, in each process's pid file.
 */
record ClusterFile(String controlPlaneListen, List<LocalNode> nodes) {
    static final String NAME = "cluster.json";

    ClusterFile {
        nodes = List.copyOf(nodes);
    }

    String url() {
        return "http://" + controlPlaneListen;
    }

    Optional<LocalNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    ClusterFile withNode(LocalNode node) {
        List<LocalNode> more = new ArrayList<>(nodes);
        more.add(node);
        return new ClusterFile(controlPlaneListen, more);
    }

    static Optional<ClusterFile> read(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(mapper().readValue(file.toFile(), ClusterFile.class));
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(NAME + ".tmp");
        mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static ObjectMapper mapper() {
        return ResourceJson.mapper();
    }
}
