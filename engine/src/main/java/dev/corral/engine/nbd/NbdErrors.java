package dev.corral.engine.nbd;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Error values of the transmission phase and how device failures map onto them. The spec's EPERM
 * (read-only exports), EOVERFLOW (DF) and ENOTSUP (FAST_ZERO) are never needed: no export is
 * read-only, every DF read fits one chunk, and FAST_ZERO is not advertised.
 */
final class NbdErrors {
    static final int EIO = 5;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ESHUTDOWN = 108;

    private NbdErrors() {}

    /**
     * The spec restricts replies to a fixed set of error values, so errnos outside it are folded:
     * lost or slow replicas become EIO, and NOT_SUPPORTED/OVERFLOW (which the spec reserves for
     * FAST_ZERO and DF) become EINVAL, the value clients fall back to for unexpected errors.
     */
    static int errno(IoError error) {
        return switch (error) {
            case IO, DISCONNECTED, TIMED_OUT -> EIO;
            case INVALID, OVERFLOW, NOT_SUPPORTED -> EINVAL;
            case NO_SPACE -> ENOSPC;
            case SHUTDOWN -> ESHUTDOWN;
        };
    }

    static int errno(Throwable failure) {
        return errno(BlockIoException.classify(failure));
    }

    /** The operator-facing message of a failure, without CompletableFuture's wrapping. */
    static String message(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
