package dev.corral.engine.nbd;

import dev.corral.engine.block.BlockDevice;

/**
 * What the handshake agreed on, fixed for the rest of the connection.
 *
 * @param exportName the export the client chose
 * @param device the volume behind it
 * @param structuredReplies whether NBD_OPT_STRUCTURED_REPLY was acknowledged
 * @param allocationContextId metadata context id of {@code base:allocation}, or 0 when the client
 *     did not select it for this export (then NBD_CMD_BLOCK_STATUS fails with EINVAL)
 * @param transmissionFlags the flags sent with the export
 */
record TransmissionSession(
        String exportName,
        BlockDevice device,
        boolean structuredReplies,
        int allocationContextId,
        int transmissionFlags) {

    boolean blockStatusNegotiated() {
        return allocationContextId != 0;
    }

    /**
     * Flags for an export. CAN_MULTI_CONN is sound because the {@link BlockDevice} contract makes
     * flush cover every write acknowledged before it, on any connection, and FUA writes durable
     * before completion; there is no per-connection cache in this server. That is exactly the rule
     * the spec sets for NBD_FLAG_CAN_MULTI_CONN. DF is only meaningful with structured replies, and
     * the spec requires it to be clear otherwise.
     */
    static int transmissionFlags(boolean structuredReplies) {
        int flags = NbdProtocol.FLAG_HAS_FLAGS
                | NbdProtocol.FLAG_SEND_FLUSH
                | NbdProtocol.FLAG_SEND_FUA
                | NbdProtocol.FLAG_SEND_TRIM
                | NbdProtocol.FLAG_SEND_WRITE_ZEROES
                | NbdProtocol.FLAG_CAN_MULTI_CONN;
        return structuredReplies ? flags | NbdProtocol.FLAG_SEND_DF : flags;
    }
}
