package dev.corral.node.instance;

import io.netty.channel.EventLoopGroup;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutorService;

/**
 * What every replica server and engine of the instance shares: the address they bind to, one Netty
 * event loop group (replica servers, replica clients and NBD servers alike), one Vert.x (the
 * node's API) and a pool for the work that waits on disks or
 * sockets (opening stores, closing servers), which must not run on an event loop.
 */
record SharedIo(String host, EventLoopGroup loops, Vertx vertx, ExecutorService workers) {}
