package dev.corral.engine.control;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.util.Failures;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why an engine operation did not happen, with the sentence an operator should read. Every
 * failure of {@link EngineControl} is one of these, so that each API serving it maps the four
 * reasons to its status codes in one place.
 */
public final class ControlRefusal extends RuntimeException {
    public enum Reason {
        /** The request cannot be done as asked: a bad argument, or the engine refused it as things stand. */
        INVALID,
        /** What the request names is not there (no rebuild has run). */
        NOT_FOUND,
        /** The request contradicts the engine's state in a way the caller must resolve first (clients attached). */
        CONFLICT,
        /** The engine could not do it: replicas failed or did not answer, or it could not be reached. */
        UNAVAILABLE
    }

    private final Reason reason;

    public ControlRefusal(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * The refusal a failure of an engine operation stands for: the engine's INVALID is a refused
     * request, any other failure means the engine could not carry it out.
     */
    public static ControlRefusal of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ControlRefusal refusal) {
            return refusal;
        }
        Reason reason = BlockIoException.classify(t) == IoError.INVALID ? Reason.INVALID : Reason.UNAVAILABLE;
        ControlRefusal refusal = new ControlRefusal(reason, Failures.rootMessage(t));
        refusal.initCause(t);
        return refusal;
    }
}
