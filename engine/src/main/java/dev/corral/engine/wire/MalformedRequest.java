package dev.corral.engine.wire;

import dev.corral.engine.block.IoError;

/**
 * What {@link RequestDecoder} emits instead of a request for a frame it refuses. When {@code
 * fatal} is false the frame was consumed whole and the next one can be read; when true the
 * decoder has lost the frame boundaries and discards everything after.
 */
public record MalformedRequest(long id, IoError error, String reason, boolean fatal) {}
