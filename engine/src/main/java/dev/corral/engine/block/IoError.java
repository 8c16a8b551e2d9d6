package dev.corral.engine.block;

/** Why a block operation failed, with the errno that NBD clients receive for it. */
public enum IoError {
    IO(5),
    INVALID(22),
    NO_SPACE(28),
    OVERFLOW(75),
    NOT_SUPPORTED(95),
    DISCONNECTED(107),
    SHUTDOWN(108),
    TIMED_OUT(110);

    private final int errno;

    IoError(int errno) {
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
