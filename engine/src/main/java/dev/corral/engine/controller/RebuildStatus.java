package dev.corral.engine.controller;

import java.time.Instant;

/**
 * Progress of a replica rebuild as the control API shows it. {@code bytesDone} and {@code
 * bytesTotal} count the source's data scanned; {@code bytesSent} what actually travelled to the
 * target (less than done when the target already held most of it: a delta rebuild).
 */
public record RebuildStatus(
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
}
