package dev.corral.node.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A process's argv, from {@code /proc/PID/cmdline}. {@code ProcessHandle.Info.arguments()} is empty
 * for command lines longer than a page, and a JVM's class path easily is.
 */
public final class CommandLines {
    private CommandLines() {}

    /** The process's arguments after the program, or empty when it is gone or not readable. */
    public static List<String> arguments(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> argv = Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
            return argv.size() <= 1 ? List.of() : List.copyOf(argv.subList(1, argv.size()));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Whether {@code pid} is an instance process serving {@code instanceDir}. */
    static boolean isInstanceOf(long pid, Path instanceDir) {
        List<String> arguments = arguments(pid);
        int dirOption = arguments.indexOf("--dir");
        return arguments.containsAll(InstanceLauncher.entryPoint())
                && dirOption >= 0
                && dirOption + 1 < arguments.size()
                && arguments
                        .get(dirOption + 1)
                        .equals(instanceDir.toAbsolutePath().toString());
    }
}
