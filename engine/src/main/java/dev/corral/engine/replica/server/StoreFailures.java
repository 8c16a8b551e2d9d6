package dev.corral.engine.replica.server;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.wire.ErrorResponse;
import dev.corral.engine.wire.Opcode;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what a store throws into the ERROR the client receives. */
final class StoreFailures {
    private static final Logger LOG = LoggerFactory.getLogger(StoreFailures.class);

    private StoreFailures() {}

    /**
     * BlockIoException keeps its IoError; any other failure is a plain I/O error. Failures that are
     * neither are store bugs and get logged here, since the client only sees the message.
     */
    static ErrorResponse toResponse(long id, Opcode op, Exception failure) {
        IoError error = BlockIoException.classify(failure);
        if (!(failure instanceof IOException) && !(failure instanceof BlockIoException)) {
            LOG.warn("replica store failed unexpectedly during {}", op, failure);
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new ErrorResponse(id, error, op + " failed: " + message);
    }
}
