package dev.corral.api.launch;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A process of ours, by pid: the signals a parent, a pid file's reader or {@code local down} sends
 * it. A pid outlives its process in files, and the number may since belong to something else, which
 * must never be signalled: {@link #ours} checks the command line before a handle is given out.
 *
 * @param stopGrace how long {@link #stop} waits after SIGTERM before SIGKILL
 * @param exitTimeout how long a SIGKILL may take to end the process
 */
public record RunningProcess(ProcessHandle handle, Duration stopGrace, Duration exitTimeout) {
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_EXIT_TIMEOUT = Duration.ofSeconds(30);

    /** The live process {@code pid} when its arguments {@code match}: never a stranger. */
    public static Optional<RunningProcess> ours(long pid, Predicate<List<String>> match) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> match.test(CommandLines.arguments(pid)))
                .map(p -> new RunningProcess(p, DEFAULT_STOP_GRACE, DEFAULT_EXIT_TIMEOUT));
    }

    public RunningProcess withStopGrace(Duration grace) {
        return new RunningProcess(handle, grace, exitTimeout);
    }

    public long pid() {
        return handle.pid();
    }

    public boolean alive() {
        return handle.isAlive();
    }

    /** SIGTERM, a clean shutdown; SIGKILL when it has not exited after the grace. Waits until gone. */
    public void stop() {
        handle.destroy();
        if (!awaitExit(stopGrace)) {
            kill();
        }
    }

    /** SIGKILL, as a crash or a power loss: no shutdown hooks, no clean close. Waits until gone. */
    public void kill() {
        handle.destroyForcibly();
        if (!awaitExit(exitTimeout)) {
            throw new IllegalStateException("process " + pid() + " is still there " + exitTimeout + " after SIGKILL");
        }
    }

    /** SIGSTOP: the process keeps its connections but answers nothing, like a hung node. */
    public void pause() throws IOException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException {
        signal("CONT");
    }

    /** Whether the process ended within {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    // Java sends SIGTERM and SIGKILL only; kill(1) is everywhere a JVM runs here.
    private void signal(String name) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IOException("kill -" + name + " " + pid() + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + pid(), e);
        }
    }
}
