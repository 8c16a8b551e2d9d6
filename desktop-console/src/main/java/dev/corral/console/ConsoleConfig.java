package dev.corral.console;

import dev.corral.console.connection.ConnectionTarget;
import dev.corral.console.profiles.ProfileStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the console runs.
 *
 * @param batchInterval how often watch events are handed to the UI thread, as one batch
 * @param probeInterval how often the API is probed for the connection's health
 * @param profilesDir where connection profiles and their key are kept
 */
public record ConsoleConfig(ConnectionTarget target, Duration batchInterval, Duration probeInterval, Path profilesDir) {
    public static ConsoleConfig of(ConnectionTarget target) {
        return new ConsoleConfig(target, Duration.ofMillis(100), Duration.ofSeconds(2), ProfileStore.defaultDir());
    }
}
