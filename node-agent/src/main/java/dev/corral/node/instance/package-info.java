/**
 * The instance process: one JVM per node hosting all of the node's replica servers and engines
 * (volume controllers with their NBD export and control API) on one Netty event loop group and
 * one Vert.x. Started by the node's agent ({@code corral instance --dir NODEDIR/instance --address
 * IP}); prints {@code CORRAL-READY pid=... role=instance url=http://IP:PORT dir=...} and writes
 * {@code DIR/instance.json} ({@code {pid, url}}) so that a restarted agent can adopt it; {@code
 * DIR/instance.lock} keeps a second instance off the directory.
 *
 * <p>HTTP API (JSON; every refusal is 4xx or 5xx with {@code {"error": reason}}):
 *
 * <pre>
 * GET    /v1/health                             {status, pid, replicas, engines}
 * GET    /v1/replicas                           [{name, dir, address, size}]
 * POST   /v1/replicas          {name, dir, size} 201 started, 200 already running from that dir;
 *                                               409 the name runs from another dir, the dir serves
 *                                               another name, or the dir cannot be opened
 * DELETE /v1/replicas/{name}[?purge=true]       204 (purge removes the directory), 404
 * GET    /v1/engines                            [{volume, size, endpoint, controlUrl,
 *                                                 replicas: [{address, mode, failureReason}], rebuild}]
 * GET    /v1/engines/{volume}                   one of them, 404
 * POST   /v1/engines  {volume, size, replicas}   201 started, 200 already running; replicas that
 *                                               cannot be reached start in ERR; 409 when none can serve
 * DELETE /v1/engines/{volume}                   204, 404
 * POST   /v1/engines/{volume}/replicas {address} 202 rebuild started (its status), 409 refused
 * DELETE /v1/engines/{volume}/replicas/{address} 204
 * POST   /v1/engines/{volume}/expand {size}      204
 * </pre>
 *
 * Replicas and NBD exports listen on IP:0 (new ports after every start); endpoints are {@code
 * nbd://IP:PORT/VOLUME}. An existing replica directory opens at its own size (the engine refuses a
 * replica whose size differs from the volume's). Neither this API nor the engines' control APIs
 * authenticate: the node's network must be trusted, as for the replica protocol.
 */
package dev.corral.node.instance;
