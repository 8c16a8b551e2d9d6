package dev.corral.local;

import dev.corral.api.client.CorralHome;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --local-dir DIR}: the local cluster a command works on or talks to, the same option on
 * every command that reaches a local cluster ({@code local ...}, {@code volume}, {@code snapshot},
 * {@code node}, {@code console}). Without it: {@link CorralHome}'s rule.
 */
public final class LocalDirOption {
    @Option(
            names = "--local-dir",
            paramLabel = "DIR",
            description = "A local cluster's directory (default: $" + CorralHome.LOCAL_DIR_VARIABLE + ", else $"
                    + CorralHome.HOME_VARIABLE + "/local, else ~/.corral/local).")
    Path localDir;

    /** The spelling {@code corral local} and {@code corral console} had first. */
    @Option(names = "--dir", paramLabel = "DIR", hidden = true)
    Path dir;

    /** The directory given on the command line, if any. */
    public Optional<Path> given() {
        return Optional.ofNullable(localDir != null ? localDir : dir);
    }

    /** The directory given, else the one the rule names. */
    public Path orDefault(CorralHome home) {
        return given().orElse(home.localCluster());
    }
}
