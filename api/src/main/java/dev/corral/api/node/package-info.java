/**
 * A node's API: the one surface through which a node's replica servers and engines are driven,
 * served by the node's instance process and called by the node's agent (replicas and engines) and
 * the cluster API (snapshots and statistics of attached volumes). {@link
 * dev.corral.api.node.NodeClient} is its typed client; these records are its bodies. Every refusal
 * is 4xx or 5xx with {@link dev.corral.api.v1.ApiError} {@code {"error": reason, "code": code}}.
 *
 * <pre>
 * GET    /v1/health                                   NodeHealth
 * GET    /v1/replicas                                 [ReplicaView]
 * POST   /v1/replicas           ReplicaRequest        201 started, 200 already running from that dir;
 *                                                     409 the name runs from another dir, the dir serves
 *                                                     another name, or the dir cannot be opened
 * DELETE /v1/replicas/{name}[?purge=true]             204 (purge removes the directory), 404
 * GET    /v1/engines                                  [EngineView]
 * POST   /v1/engines            EngineRequest         201 started, 200 already running; replicas that
 *                                                     cannot be reached start in ERR; 409 when none can serve
 * GET    /v1/engines/{volume}                         EngineView, 404 when none runs here
 * DELETE /v1/engines/{volume}                         204, 404
 * POST   /v1/engines/{volume}/replicas AddReplicaRequest   202 RebuildView (the rebuild started)
 * DELETE /v1/engines/{volume}/replicas/{address}      204
 * POST   /v1/engines/{volume}/expand  ExpandRequest   204
 * GET    /v1/engines/{volume}/stats                   VolumeIo
 * GET    /v1/engines/{volume}/snapshots               [SnapshotInfo], oldest first
 * POST   /v1/engines/{volume}/snapshots SnapshotRequest     201 SnapshotRequest
 * DELETE /v1/engines/{volume}/snapshots/{name}        204 (marked removed)
 * POST   /v1/engines/{volume}/snapshots/{name}/revert 204; 409 while NBD clients are connected
 * POST   /v1/engines/{volume}/purge                   204 (removed snapshots' space freed)
 * </pre>
 *
 * An engine's refusal is {@code BadRequest} (a bad argument, or a request the engine cannot do as
 * things stand: an unknown snapshot, a rebuild running), {@code Conflict} (clients connected) or
 * {@code Unavailable} (its replicas could not do it).
 *
 * <p>A node with a cluster identity serves this API over mutual TLS only (TLS 1.3, certificates of
 * the cluster's authority on both ends) and lets in only {@code control-plane/*} and its own
 * {@code node/NAME}; any other principal is {@code 403 Forbidden} before any handler runs. Without
 * an identity it serves plain http on loopback only. Clients reach it through a {@link
 * dev.corral.api.node.NodeTransport}: mutual TLS with the calling process's identity, or plain.
 */
package dev.corral.api.node;
