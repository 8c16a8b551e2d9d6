package dev.corral.engine.replica;

/**
 * The controller's view of one remote replica server: every remote role over one link. The
 * controller needs them all of every replica it holds, because any RW replica may become the
 * source of a rebuild and any replica it attaches becomes a target; its parts take the role they
 * use.
 */
public interface ReplicaConnection
        extends ReplicaLink, RemoteBlockIo, RemoteChain, RemoteSnapshotTree, RemoteLayerSource, RemoteRebuildTarget {}
