package dev.corral.engine.replica;

/**
 * A whole layer in 16 bytes: how many 4 KiB blocks it holds data for, and a hash over every
 * (block index, block hash) pair in order. Two replicas whose layers have equal summaries hold the
 * same blocks with the same contents, so a chain is compared in one round trip per layer.
 */
public record LayerSummary(long allocatedBlocks, long hash) {}
