package dev.corral.api.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Corral keeps its files on this machine: the one rule every command follows.
 *
 * <ul>
 *   <li>The home is {@value #HOME_VARIABLE}, else {@code ~/.corral}. The {@code ./corral} launcher of
 *       a checkout sets it to the checkout's {@code .corral}.
 *   <li>The local cluster is in {@value #LOCAL_DIR_VARIABLE}, else {@code HOME/local}; a command's
 *       {@code --local-dir} comes before both.
 *   <li>The engine demo keeps its replicas in {@code HOME/demo}.
 * </ul>
 */
public record CorralHome(Path dir, Path localCluster) {
    public static final String HOME_VARIABLE = "CORRAL_HOME";
    public static final String LOCAL_DIR_VARIABLE = "CORRAL_LOCAL_DIR";

    public CorralHome {
        dir = dir.toAbsolutePath().normalize();
        localCluster = localCluster.toAbsolutePath().normalize();
    }

    /** The rule applied to {@code environment}, with {@code userHome} for {@code ~}. */
    public static CorralHome of(Map<String, String> environment, Path userHome) {
        Path home = nonBlank(environment.get(HOME_VARIABLE))
                ? Path.of(environment.get(HOME_VARIABLE))
                : userHome.resolve(".corral");
        String local = environment.get(LOCAL_DIR_VARIABLE);
        return new CorralHome(home, nonBlank(local) ? Path.of(local) : home.resolve("local"));
    }

    /** The rule applied to this process's environment. */
    public static CorralHome fromEnvironment() {
        return of(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public Path demo() {
        return dir.resolve("demo");
    }

    private static boolean nonBlank(String value) {
        return value != null && !value.isBlank();
    }
}
