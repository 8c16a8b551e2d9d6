package dev.corral.api.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A replica's rebuild as its engine reports it, replicas by address. {@code bytesDone} and {@code
 * bytesTotal} count the source's data scanned; {@code bytesSent} what actually travelled (less
 * than done when the target held most of it already: a delta rebuild).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RebuildView(
        String target,
        String source,
        State state,
        long bytesDone,
        long bytesTotal,
        long bytesSent,
        double bytesPerSecond,
        Double etaSeconds,
        double elapsedSeconds,
        String error,
        Instant startedAt) {

    public enum State {
        RUNNING,
        VERIFYING,
        COMPLETED,
        FAILED
    }

    /** Still copying or verifying: the engine's replicas will change when it ends. */
    public boolean inProgress() {
        return state == State.RUNNING || state == State.VERIFYING;
    }
}
