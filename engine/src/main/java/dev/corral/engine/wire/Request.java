package dev.corral.engine.wire;

/**
 * A request from the controller to a replica. The id is chosen by the client and echoed in the
 * response; requests on one connection may complete in any order.
 */
public sealed interface Request
        permits ReadRequest,
                WriteRequest,
                UnmapRequest,
                FlushRequest,
                PingRequest,
                InfoRequest,
                SnapshotRequest,
                ExtentsRequest,
                GrowRequest,
                LayerRequest,
                TreeRequest,
                PrepareRebuildRequest,
                WriteLayerRequest {
    long id();

    Opcode op();
}
