package dev.corral.engine.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * A frame with a data payload goes out as two writes (header, then the caller's buffer) so the
 * data is never copied. The caller's promise follows the data write, which cannot succeed without
 * the header write before it; the header write gets a promise nobody needs to watch.
 */
final class HeaderPromises {
    private HeaderPromises() {}

    static ChannelPromise forHeader(ChannelHandlerContext ctx, ChannelPromise framePromise) {
        return framePromise.isVoid() ? framePromise : ctx.newPromise();
    }
}
