package dev.corral.api.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A process started by {@link JvmLaunch}: its pid at once, its ready line once it serves, and the
 * signals to stop, kill, pause and resume it. Closing it stops it.
 */
public final class JvmProcess implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(25);
    private static final int TAIL_LINES = 40;

    private final JvmLaunch launch;
    private final Process process;
    private final LogTail tail;
    private volatile RunningProcess running;
    private volatile ReadyLine ready;

    JvmProcess(JvmLaunch launch, Process process, LogTail tail) {
        this.launch = launch;
        this.process = process;
        this.tail = tail;
        this.running = new RunningProcess(process.toHandle(), launch.stopGrace(), launch.exitTimeout());
    }

    public JvmLaunch launch() {
        return launch;
    }

    public long pid() {
        return running.pid();
    }

    public Path log() {
        return launch.log();
    }

    /**
     * Waits for the ready line this process printed (in its log, after what was there before it
     * started). A process that exits first, or is not ready within the launch's ready timeout, is
     * killed and reported with the end of its log.
     */
    public ReadyLine awaitReady() throws IOException {
        if (ready != null) {
            return ready;
        }
        long deadline = System.nanoTime() + launch.readyTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ReadyLine> line = tail.newLines().stream()
                    .map(ReadyLine::parse)
                    .flatMap(Optional::stream)
                    .findFirst();
            if (line.isPresent()) {
                ready = line.get();
                adoptReportedPid(ready);
                return ready;
            }
            if (!process.isAlive()) {
                throw new IOException(describe() + " exited with " + process.exitValue() + " before it was ready; "
                        + launch.log() + " ends with:\n" + tail.lastLines(TAIL_LINES));
            }
            sleep(POLL);
        }
        kill();
        throw new IOException(describe() + " was not ready within " + launch.readyTimeout() + " and was killed; "
                + launch.log() + " ends with:\n" + tail.lastLines(TAIL_LINES));
    }

    /** The ready line; {@link #awaitReady} first. */
    public ReadyLine ready() {
        if (ready == null) {
            throw new IllegalStateException(describe() + " has not printed its ready line yet");
        }
        return ready;
    }

    /** A field of the ready line, e.g. "address", "nbd" or "control". */
    public String ready(String field) {
        return ready().field(field);
    }

    /**
     * Hands each line the process prints to {@code output} until it exits, and answers its exit
     * code; a process still running after {@code timeout} is stopped and reported.
     */
    public int awaitExit(Consumer<String> output, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive()) {
            tail.newLines().forEach(output);
            if (System.nanoTime() > deadline) {
                stop();
                throw new IOException(describe() + " did not finish within " + timeout + " and was stopped; "
                        + launch.log() + " ends with:\n" + tail.lastLines(TAIL_LINES));
            }
            sleep(POLL);
        }
        tail.newLines().forEach(output);
        return process.exitValue();
    }

    /** The end of what this process wrote to its log, for an error message. */
    public String logTail() throws IOException {
        return tail.lastLines(TAIL_LINES);
    }

    public boolean alive() {
        return running.alive();
    }

    /** SIGTERM, then SIGKILL after the launch's stop grace; waits until the process is gone. */
    public void stop() {
        running.stop();
    }

    /** SIGKILL, as a crashed node: no shutdown hooks, no clean close. Waits until it is gone. */
    public void kill() {
        running.kill();
    }

    /** SIGSTOP: the process stays connected but answers nothing, like a hung node. */
    public void pause() throws IOException {
        running.pause();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException {
        running.resume();
    }

    @Override
    public void close() {
        stop();
    }

    /** A prefix that forks would leave the JVM at another pid: the ready line names the JVM. */
    private void adoptReportedPid(ReadyLine line) {
        if (!line.fields().containsKey("pid") || line.pid() == running.pid()) {
            return;
        }
        ProcessHandle.of(line.pid())
                .ifPresent(jvm -> running = new RunningProcess(jvm, launch.stopGrace(), launch.exitTimeout()));
    }

    private String describe() {
        String command = launch.args().isEmpty() ? "" : " " + launch.args().getFirst();
        return launch.mainClass() + command + " (pid " + process.pid() + ")";
    }

    /** Polls; a wait given up stops the process (SIGTERM: it may stop what it started itself). */
    private void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + describe(), e);
        }
    }
}
