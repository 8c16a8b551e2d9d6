package dev.corral.api.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Processes' argv, from {@code /proc/PID/cmdline}. {@code ProcessHandle.Info.arguments()} is empty
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

    /** The pids of the live processes, this one excepted, whose arguments {@code match}. */
    public static List<Long> find(Predicate<List<String>> match) {
        long self = ProcessHandle.current().pid();
        List<Long> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                List<String> arguments = arguments(pid);
                if (pid != self && !arguments.isEmpty() && match.test(arguments)) {
                    found.add(pid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return found;
    }

    /** The value after {@code option} ({@code --dir D}) in {@code arguments}, or null. */
    public static String option(List<String> arguments, String option) {
        int at = arguments.indexOf(option);
        return at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : null;
    }
}
