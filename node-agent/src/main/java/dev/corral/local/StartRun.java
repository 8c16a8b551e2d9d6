package dev.corral.local;

import dev.corral.api.launch.JvmLaunch;
import dev.corral.api.launch.JvmProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One command's work of starting processes of a local cluster ({@code local up}, {@code
 * start-node}, ...), and what it leaves behind when that command dies half-way.
 *
 * <p>It holds {@code DIR/start.lock} (naming its pid) for the whole run, so that two starts of one
 * cluster do not race and {@code local down} can find a start in progress. Each process it spawns
 * is recorded in its pid file at once, before it is ready. Should this JVM be stopped (SIGTERM,
 * Ctrl-C: the console that started the cluster is closed) before the run ends, a shutdown hook
 * stops what the run started (see {@link #abandon}), so that a half-started cluster does not run on
 * unowned. A SIGKILLed starter runs no hook: {@code local down} finds its processes by their
 * command lines.
 */
final class StartRun implements AutoCloseable {
    static final String LOCK = "start.lock";

    private record Started(LocalProcess.Role role, String node, JvmProcess process) {}

    private final Path dir;
    private final Consumer<List<LocalProcess>> stopper;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final Thread hook;
    private final List<Started> started = new ArrayList<>(); // guarded by this
    private boolean abandoned; // guarded by this

    private StartRun(Path dir, Consumer<List<LocalProcess>> stopper, FileChannel lockFile, FileLock lock) {
        this.dir = dir;
        this.stopper = stopper;
        this.lockFile = lockFile;
        this.lock = lock;
        this.hook = new Thread(this::abandon, "corral-local-abandon");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Takes the cluster's start lock, waiting up to {@code wait} while another start holds it; {@code
     * stopper} stops processes of the cluster if this run is abandoned.
     */
    static StartRun begin(Path dir, Consumer<List<LocalProcess>> stopper, Duration wait) throws IOException {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(
                dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(
                            Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
                    channel.force(false);
                    return new StartRun(dir, stopper, channel, lock);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("another command is starting the cluster in " + dir + " (pid "
                            + holder(dir).orElse(0L) + ") for longer than " + wait);
                }
                Thread.sleep(100);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for another start of " + dir, e);
        }
    }

    /** The pid of the command starting processes of the cluster in {@code dir} now, if one does. */
    static Optional<Long> holder(Path dir) throws IOException {
        Path file = dir.resolve(LOCK);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock free = tryLock(channel);
            if (free != null) {
                free.release();
                return Optional.empty();
            }
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
    }

    /**
     * Spawns a process of the run and writes its pid file before anything else; a run already
     * abandoned spawns nothing. Synchronised with {@link #abandon}, so that no process is spawned
     * unrecorded while the hook stops the others.
     */
    synchronized JvmProcess spawn(JvmLaunch launch, Path pidFile, LocalProcess.Role role, String node)
            throws IOException {
        if (abandoned) {
            throw new IOException("the start of " + dir + " was abandoned: this process is stopping");
        }
        JvmProcess process = launch.spawn();
        Files.writeString(pidFile, Long.toString(process.pid()));
        started.add(new Started(role, node, process));
        return process;
    }

    /**
     * Stops what this run started: each node's agent and the instance process it may already have
     * started, then the control plane. Runs in the shutdown hook of a JVM stopped before the run
     * ended.
     */
    void abandon() {
        List<Started> ours;
        synchronized (this) {
            abandoned = true;
            ours = List.copyOf(started);
        }
        if (ours.isEmpty()) {
            return;
        }
        List<String> nodes = ours.stream()
                .filter(s -> s.role() == LocalProcess.Role.AGENT)
                .map(Started::node)
                .toList();
        for (LocalProcess.Role role : List.of(LocalProcess.Role.AGENT, LocalProcess.Role.INSTANCE)) {
            stopper.accept(LocalProcess.of(dir).stream()
                    .filter(p -> p.role() == role && nodes.contains(p.node()))
                    .toList());
        }
        ours.stream()
                .filter(s -> s.role() == LocalProcess.Role.CONTROL_PLANE)
                .forEach(s -> s.process().stop());
    }

    /** The run ended: what it started is the cluster's now, not the run's. */
    @Override
    public void close() throws IOException {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs: it stops what this run started
        }
        lock.release();
        lockFile.close();
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }
}
