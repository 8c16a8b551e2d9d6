/**
 * A node's agent ({@code corral agent}): registers the Node, heartbeats, keeps the node's instance
 * process running and reconciles the node's replicas and engines (README, "Agent reconcile").
 *
 * <p>Threads: the store's watch thread only updates {@link dev.corral.node.agent.NodeCache} and
 * queues work; four workers reconcile (one object never on two at once); a timer writes the
 * heartbeat every 2 s, checks that the instance process lives, polls the engines (one request for
 * the node: every 1 s while one rebuilds, every 5 s otherwise) and reconciles everything every
 * minute. An idle node makes one local HTTP request every 5 s and one store write (the heartbeat)
 * every 2 s.
 *
 * <p>The instance process is started through {@code setsid} with its output in a file, so it
 * outlives the agent (SIGKILL, a terminal hang-up, a signal to the agent's process group); the
 * next agent adopts it from {@code NODEDIR/instance/instance.json} when that pid lives and answers
 * the health check with its pid. When it dies the agent starts a new one and starts every replica
 * again (they reopen their directories at new ports; the status carries the new address), then the
 * engines, once their specs name addresses at which the replicas run.
 *
 * <p>Where the README leaves room: a replica the engine holds in ERR whose address the spec still
 * names counts as missing and is added again (a rebuild), no sooner than 10 s after the last
 * attempt, doubling up to a minute; the engine's last RW replica is never removed; a deleted
 * replica's directory is removed only when it lies below one of the node's disks.
 */
package dev.corral.node.agent;
