package dev.corral.local;

import dev.corral.api.launch.RunningProcess;
import dev.corral.api.model.ResourceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The running processes of the local cluster in DIR: found by their pid files and, since a pid file
 * may be missing or stale, by their command lines ({@link LocalProcess}); signalled only after the
 * command line was checked again, and stopped in an order in which nothing stopped is started again.
 */
final class LocalProcesses {
    private static final int DOWN_PASSES = 3;

    private final Path dir;
    private final LocalCluster.Timeouts timeouts;

    LocalProcesses(Path dir, LocalCluster.Timeouts timeouts) {
        this.dir = dir;
        this.timeouts = timeouts;
    }

    /** Where a process's pid is recorded: its pid file, or the instance process's instance.json. */
    Path pidFile(LocalProcess.Role role, String node) {
        return switch (role) {
            case CONTROL_PLANE -> dir.resolve("control-plane").resolve("pid");
            case AGENT -> nodeDir(node).resolve("agent.pid");
            case INSTANCE -> nodeDir(node).resolve("instance").resolve("instance.json");
            case STARTER -> dir.resolve(StartRun.LOCK);
        };
    }

    Path nodeDir(String node) {
        return dir.resolve("nodes").resolve(node);
    }

    /** Every live process of the cluster, this one excepted. */
    List<LocalProcess> all() {
        return LocalProcess.of(dir);
    }

    /** The running process of {@code role} (of {@code node}): its pid file's, else found by command line. */
    Optional<RunningProcess> running(LocalProcess.Role role, String node) {
        return pidOf(role, node, null)
                .flatMap(p -> RunningProcess.ours(p, arguments -> LocalProcess.is(p, role, node, dir)))
                .map(p -> p.withStopGrace(timeouts.stopGrace()));
    }

    /** The pid of {@code role} (of {@code node}), from its file or else among {@code all} (read now when null). */
    Optional<Long> pidOf(LocalProcess.Role role, String node, List<LocalProcess> all) {
        Optional<Long> recorded = recordedPid(role, node).filter(pid -> LocalProcess.is(pid, role, node, dir));
        if (recorded.isPresent()) {
            return recorded;
        }
        return (all != null ? all : all())
                .stream()
                        .filter(p -> p.role() == role && Objects.equals(node, p.node()))
                        .map(LocalProcess::pid)
                        .findFirst();
    }

    /** SIGKILL of the node's agent, then of its instance process. */
    void killNode(String node) {
        List<LocalProcess> all = all();
        for (LocalProcess.Role role : List.of(LocalProcess.Role.AGENT, LocalProcess.Role.INSTANCE)) {
            forEachAtOnce(
                    all.stream()
                            .filter(p -> p.role() == role && node.equals(p.node()))
                            .toList(),
                    RunningProcess::kill);
        }
    }

    /**
     * Stops a start in progress, the agents, the instance processes, the control plane, in that
     * order, until none is left; fails naming what still runs.
     */
    void down() throws IOException {
        for (int pass = 0; pass < DOWN_PASSES; pass++) {
            List<LocalProcess> all = new ArrayList<>(all());
            starterByLock()
                    .filter(p -> all.stream().noneMatch(q -> q.pid() == p.pid()))
                    .ifPresent(all::add);
            if (all.isEmpty()) {
                return;
            }
            for (LocalProcess.Role role : LocalProcess.Role.values()) {
                stop(all.stream().filter(p -> p.role() == role).toList());
            }
        }
        List<LocalProcess> left = all();
        if (!left.isEmpty()) {
            throw new IOException("processes of " + dir + " still run after " + DOWN_PASSES + " passes: " + left);
        }
    }

    /** SIGTERM to all of them at once, then SIGKILL to those still there after the grace. */
    void stop(List<LocalProcess> processes) {
        forEachAtOnce(processes, RunningProcess::stop);
    }

    private Optional<Long> recordedPid(LocalProcess.Role role, String node) {
        Path file = pidFile(role, node);
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            if (role == LocalProcess.Role.INSTANCE) {
                long pid = ResourceJson.mapper()
                        .readTree(file.toFile())
                        .path("pid")
                        .asLong(0);
                return pid > 0 ? Optional.of(pid) : Optional.empty();
            }
            String text = Files.readString(file).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException unreadable) {
            return Optional.empty();
        }
    }

    /** A command holding the start lock without naming this directory (the default one, say). */
    private Optional<LocalProcess> starterByLock() throws IOException {
        return StartRun.holder(dir)
                .filter(pid -> pid != ProcessHandle.current().pid())
                .filter(pid -> RunningProcess.ours(pid, arguments -> arguments.contains("local"))
                        .isPresent())
                .map(pid -> new LocalProcess(LocalProcess.Role.STARTER, null, pid));
    }

    private void forEachAtOnce(List<LocalProcess> processes, Consumer<RunningProcess> action) {
        try (ExecutorService signals = Executors.newVirtualThreadPerTaskExecutor()) {
            for (LocalProcess p : processes) {
                Duration grace = p.role() == LocalProcess.Role.STARTER ? timeouts.starterGrace() : timeouts.stopGrace();
                // Checked again right before the signal: the number must still be this process.
                RunningProcess.ours(p.pid(), arguments -> stillOurs(p, arguments))
                        .map(r -> r.withStopGrace(grace))
                        .ifPresent(r -> signals.submit(() -> action.accept(r)));
            }
        }
    }

    private boolean stillOurs(LocalProcess process, List<String> arguments) {
        return LocalProcess.classify(process.pid(), arguments, dir)
                        .filter(p -> p.role() == process.role())
                        .isPresent()
                || process.role() == LocalProcess.Role.STARTER && arguments.contains("local");
    }
}
