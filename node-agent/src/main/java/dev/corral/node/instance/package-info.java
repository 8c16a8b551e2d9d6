/**
 * The instance process: one JVM per node hosting all of the node's replica servers and engines
 * (volume controllers with their NBD export) on one Netty event loop group and one Vert.x. Started
 * by the node's agent ({@code corral instance --dir NODEDIR/instance --address IP}); prints {@code
 * CORRAL-READY pid=... role=instance url=http://IP:PORT dir=...} and writes {@code
 * DIR/instance.json} ({@code {pid, url}}) so that a restarted agent can adopt it; {@code
 * DIR/instance.lock} keeps a second instance off the directory.
 *
 * <p>It serves the node's API at that URL ({@link InstanceApi}; the routes and bodies are in
 * {@code dev.corral.api.node}): replicas and engines started and stopped, and every operation on a
 * running engine under {@code /v1/engines/{volume}/...}, which {@link EngineRoutes} hands to the
 * engine's {@code EngineControl} in process. That is the node's only control listener: hosted
 * engines open no HTTP port. Replicas and NBD exports listen on IP:0 (new ports after every start);
 * endpoints are {@code nbd://IP:PORT/VOLUME}. An existing replica directory opens at its own size
 * (the engine refuses a replica whose size differs from the volume's).
 *
 * <p>With {@code --identity DIR} (the node's certificate, {@code node/NAME}) the API is https with
 * client certificates required ({@link InstanceListener}) and only {@code control-plane/*} and
 * {@code node/NAME} get past {@link InstanceAccess}; without one it is plain http on loopback only.
 * The replica servers and NBD exports do not authenticate yet (issue 11).
 */
package dev.corral.node.instance;
