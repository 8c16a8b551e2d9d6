package dev.corral.api.launch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A child process for the launcher's tests: {@code serve NAME} prints a line and its ready line,
 * then runs until signalled; {@code fail CODE} prints a line and exits with CODE; {@code print
 * LINES...} prints each and exits 0; {@code ignore-term} serves and ignores SIGTERM's hook ending.
 */
public final class Child {
    private Child() {}

    public static void main(String[] args) throws InterruptedException {
        switch (args[0]) {
            case "serve" -> {
                System.out.println("starting " + args[1]);
                Map<String, String> ready = new LinkedHashMap<>();
                ready.put("pid", Long.toString(ProcessHandle.current().pid()));
                ready.put("name", args[1]);
                System.out.println(ReadyLine.format(ready));
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            case "fail" -> {
                System.out.println("cannot start: " + args[1]);
                System.exit(Integer.parseInt(args[1]));
            }
            case "print" -> {
                for (int i = 1; i < args.length; i++) {
                    System.out.println(args[i]);
                }
            }
            case "silent" -> Thread.sleep(Long.MAX_VALUE);
            case "stubborn" -> {
                // A shutdown that never ends: only SIGKILL stops it.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                System.out.println(ReadyLine.format(
                        Map.of("pid", Long.toString(ProcessHandle.current().pid()))));
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
