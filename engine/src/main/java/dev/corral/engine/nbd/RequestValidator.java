package dev.corral.engine.nbd;

import static dev.corral.engine.nbd.NbdErrors.EINVAL;
import static dev.corral.engine.nbd.NbdErrors.ENOSPC;

/**
 * Checks a request against the spec and the export before anything reaches the device, so an
 * invalid request never touches data. Returns {@code null} for a valid request (the common case,
 * without allocating) or the error to reply with.
 */
final class RequestValidator {
    private RequestValidator() {}

    /** Why a request was refused: an NBD error value and a message for the user. */
    record Rejection(int error, String message) {}

    static Rejection check(NbdRequest request, TransmissionSession session, long exportSize) {
        NbdCommand command = request.command();
        if (command == NbdCommand.UNKNOWN) {
            return new Rejection(EINVAL, "unknown command type " + request.type());
        }
        int invalidFlags = request.flags() & ~command.allowedFlags();
        if (invalidFlags != 0) {
            return new Rejection(
                    EINVAL, "command flags 0x" + Integer.toHexString(invalidFlags) + " are not valid for " + command);
        }
        return switch (command) {
            case READ -> {
                if (request.hasFlag(NbdProtocol.CMD_FLAG_DF) && !session.structuredReplies()) {
                    yield new Rejection(EINVAL, "DF needs structured replies");
                }
                if (request.length() > NbdProtocol.MAX_PAYLOAD) {
                    yield new Rejection(
                            EINVAL,
                            "READ of " + request.length() + " bytes exceeds the maximum of " + NbdProtocol.MAX_PAYLOAD);
                }
                yield checkRange(request, exportSize, EINVAL);
            }
            // The spec asks for ENOSPC when a write reaches past the end of the device.
            case WRITE, WRITE_ZEROES -> checkRange(request, exportSize, ENOSPC);
            case TRIM, CACHE -> checkRange(request, exportSize, EINVAL);
            case FLUSH ->
                request.offset() != 0 || request.length() != 0
                        ? new Rejection(EINVAL, "FLUSH must have offset and length 0")
                        : null;
            case BLOCK_STATUS -> {
                if (!session.blockStatusNegotiated()) {
                    yield new Rejection(EINVAL, "BLOCK_STATUS needs base:allocation selected for this export");
                }
                if (request.length() == 0) {
                    yield new Rejection(EINVAL, "BLOCK_STATUS of 0 bytes");
                }
                yield checkRange(request, exportSize, EINVAL);
            }
            case DISC, UNKNOWN -> null;
        };
    }

    private static Rejection checkRange(NbdRequest request, long exportSize, int error) {
        long offset = request.offset();
        long length = request.length();
        // offset < 0 is an unsigned offset of 2^63 or more; the subtraction cannot overflow.
        if (offset < 0 || length > exportSize - offset) {
            return new Rejection(
                    error,
                    request.command() + " of " + length + " bytes at offset " + Long.toUnsignedString(offset)
                            + " reaches past the end of the export (" + exportSize + " bytes)");
        }
        return null;
    }
}
