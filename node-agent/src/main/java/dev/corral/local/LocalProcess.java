package dev.corral.local;

import dev.corral.api.launch.CommandLines;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A process of a local cluster, recognised by its command line alone: its main class is one of
 * Corral's entry points and it names a directory of the cluster. A pid file may be missing (a
 * starter died before writing it) or stale (its number now belongs to another program); the
 * command line is what tells which process is whose.
 *
 * @param node the node it belongs to, or null for the control plane and a starter
 */
record LocalProcess(Role role, String node, long pid) {
    /** In the order {@code local down} stops them: nothing stopped is started again by another. */
    enum Role {
        /** A command starting processes ({@code local up}, {@code start-node}, {@code add-node}). */
        STARTER,
        /** An agent restarts its instance process: it goes before the instance. */
        AGENT,
        INSTANCE,
        CONTROL_PLANE
    }

    static final String NODE_MAIN = "dev.corral.node.NodeMain";
    /** The control plane's entry point, started by name: this module does not compile against it. */
    static final String CONTROL_PLANE_MAIN = "dev.corral.controlplane.ControlPlaneMain";

    private static final Set<String> PROCESS_MAINS =
            Set.of(NODE_MAIN, CONTROL_PLANE_MAIN, "dev.corral.node.instance.InstanceCommand");
    private static final Set<String> STARTER_MAINS = Set.of(NODE_MAIN, "dev.corral.cli.Main");
    private static final Set<String> STARTING_COMMANDS = Set.of("up", "start-node", "add-node");

    /**
     * What {@code arguments} are of the cluster in {@code dir}, if anything. A starter names the
     * cluster with {@code --local-dir} (or the older {@code --dir}); one that found it through
     * {@code CORRAL_LOCAL_DIR} names none, and is found by the start lock it holds instead.
     */
    static Optional<LocalProcess> classify(long pid, List<String> arguments, Path dir) {
        String localDir = CommandLines.option(arguments, "--local-dir");
        String option = CommandLines.option(arguments, "--dir");
        if (isStarter(arguments) && dir.equals(normalized(localDir != null ? localDir : option))) {
            return Optional.of(new LocalProcess(Role.STARTER, null, pid));
        }
        if (option == null) {
            return Optional.empty();
        }
        Path named = normalized(option);
        if (arguments.stream().noneMatch(PROCESS_MAINS::contains)) {
            return Optional.empty();
        }
        if (arguments.contains("control-plane") && named.equals(dir.resolve("control-plane"))) {
            return Optional.of(new LocalProcess(Role.CONTROL_PLANE, null, pid));
        }
        Path nodes = dir.resolve("nodes");
        if (arguments.contains("agent") && nodes.equals(named.getParent())) {
            return Optional.of(new LocalProcess(Role.AGENT, named.getFileName().toString(), pid));
        }
        if (named.getFileName() != null
                && named.getFileName().toString().equals("instance")
                && named.getParent() != null
                && nodes.equals(named.getParent().getParent())) {
            return Optional.of(new LocalProcess(
                    Role.INSTANCE, named.getParent().getFileName().toString(), pid));
        }
        return Optional.empty();
    }

    /** Every live process of the cluster in {@code dir}, this one excepted. */
    static List<LocalProcess> of(Path dir) {
        Path normalized = dir.toAbsolutePath().normalize();
        return CommandLines.find(arguments -> arguments.contains("--dir") || arguments.contains("--local-dir")).stream()
                .flatMap(pid -> classify(pid, CommandLines.arguments(pid), normalized).stream())
                .toList();
    }

    /** Whether {@code pid} is now this cluster's {@code role} process (of {@code node}). */
    static boolean is(long pid, Role role, String node, Path dir) {
        return classify(pid, CommandLines.arguments(pid), dir.toAbsolutePath().normalize())
                .filter(p -> p.role() == role && (node == null || node.equals(p.node())))
                .isPresent();
    }

    private static Path normalized(String path) {
        return path == null ? null : Path.of(path).toAbsolutePath().normalize();
    }

    private static boolean isStarter(List<String> arguments) {
        int local = arguments.indexOf("local");
        return local >= 0
                && arguments.stream().anyMatch(STARTER_MAINS::contains)
                && arguments.subList(local, arguments.size()).stream().anyMatch(STARTING_COMMANDS::contains);
    }
}
