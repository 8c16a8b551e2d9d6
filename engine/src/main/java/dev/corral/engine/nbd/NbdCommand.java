package dev.corral.engine.nbd;

import static dev.corral.engine.nbd.NbdProtocol.CMD_FLAG_DF;
import static dev.corral.engine.nbd.NbdProtocol.CMD_FLAG_FUA;
import static dev.corral.engine.nbd.NbdProtocol.CMD_FLAG_NO_HOLE;
import static dev.corral.engine.nbd.NbdProtocol.CMD_FLAG_REQ_ONE;

/** Request types of the transmission phase, with the command flags valid for each. */
enum NbdCommand {
    READ(0, CMD_FLAG_FUA | CMD_FLAG_DF),
    WRITE(1, CMD_FLAG_FUA),
    DISC(2, 0),
    FLUSH(3, CMD_FLAG_FUA),
    TRIM(4, CMD_FLAG_FUA),
    /** Not advertised; accepted as a checked no-op because some clients send it regardless. */
    CACHE(5, CMD_FLAG_FUA),
    // FAST_ZERO is deliberately absent: the BlockDevice cannot tell whether zeroing is faster than
    // writing, so NBD_FLAG_SEND_FAST_ZERO is not advertised and the flag is rejected with EINVAL.
    WRITE_ZEROES(6, CMD_FLAG_FUA | CMD_FLAG_NO_HOLE),
    BLOCK_STATUS(7, CMD_FLAG_FUA | CMD_FLAG_REQ_ONE),
    UNKNOWN(-1, 0);

    private static final NbdCommand[] BY_TYPE = {READ, WRITE, DISC, FLUSH, TRIM, CACHE, WRITE_ZEROES, BLOCK_STATUS};

    private final int type;
    private final int allowedFlags;

    NbdCommand(int type, int allowedFlags) {
        this.type = type;
        this.allowedFlags = allowedFlags;
    }

    static NbdCommand ofType(int type) {
        return type >= 0 && type < BY_TYPE.length ? BY_TYPE[type] : UNKNOWN;
    }

    int type() {
        return type;
    }

    /** Flags the spec documents for this command; FUA is valid on every command. */
    int allowedFlags() {
        return allowedFlags;
    }
}
