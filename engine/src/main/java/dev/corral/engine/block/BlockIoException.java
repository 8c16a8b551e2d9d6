package dev.corral.engine.block;

/** A block operation that failed for a classified reason; the message is for operators. */
public final class BlockIoException extends RuntimeException {
    private final IoError error;

    public BlockIoException(IoError error, String message) {
        super(message);
        this.error = error;
    }

    public BlockIoException(IoError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public IoError error() {
        return error;
    }

    /** The classified error of any failure: unclassified ones count as plain I/O errors. */
    public static IoError classify(Throwable failure) {
        Throwable t = failure;
        while (t != null) {
            if (t instanceof BlockIoException b) {
                return b.error;
            }
            t = t.getCause();
        }
        return IoError.IO;
    }
}
