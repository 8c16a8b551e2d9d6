package dev.corral.engine.controller;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * While a replica is rebuilt (WO) its older layers are still incomplete, so it must receive whole
 * 4 KiB blocks only: a partial block would need a copy-up from data it does not have yet. A write
 * that does not cover whole blocks becomes read-modify-write: the surrounding blocks are read from
 * a RW replica, patched, and written whole to every replica. These run one at a time, so two
 * partial writes into one block never put back each other's stale bytes. (A whole-block write
 * racing a partial one into the same block overlaps it, which NBD leaves undefined anyway.)
 */
final class BlockAligner {
    static final int BLOCK = 4096;

    /** Reads {@code length} bytes at an aligned {@code offset}; the caller releases the buffer. */
    interface BlockReader {
        CompletableFuture<ByteBuf> read(long offset, int length);
    }

    /** Writes whole blocks to every replica; takes ownership of {@code blocks}. */
    interface BlockWriter {
        CompletableFuture<Void> write(long offset, ByteBuf blocks);
    }

    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private boolean busy;

    static boolean aligned(long offset, long length) {
        return offset % BLOCK == 0 && length % BLOCK == 0;
    }

    /** Writes {@code patch} (owned; {@code null} writes zeros) of {@code length} bytes at {@code offset}. */
    CompletableFuture<Void> write(long offset, long length, ByteBuf patch, BlockReader reader, BlockWriter writer) {
        if (length == 0) {
            if (patch != null) {
                patch.release();
            }
            return CompletableFuture.completedFuture(null);
        }
        long start = Math.floorDiv(offset, BLOCK) * BLOCK;
        long end = Math.ceilDiv(offset + length, BLOCK) * BLOCK;
        return oneAtATime(() -> reader.read(start, (int) (end - start)).thenCompose(blocks -> {
                    int at = (int) (offset - start);
                    if (patch == null) {
                        blocks.setZero(at, (int) length);
                    } else {
                        blocks.setBytes(at, patch, patch.readerIndex(), (int) length);
                    }
                    return writer.write(start, blocks);
                }))
                .whenComplete((ok, failure) -> {
                    if (patch != null) {
                        patch.release();
                    }
                });
    }

    private CompletableFuture<Void> oneAtATime(Supplier<CompletableFuture<Void>> task) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Runnable run = () -> {
            CompletableFuture<Void> running;
            try {
                running = task.get();
            } catch (RuntimeException e) {
                running = CompletableFuture.failedFuture(e);
            }
            running.whenComplete((ok, failure) -> {
                next();
                if (failure == null) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(failure);
                }
            });
        };
        boolean startNow;
        synchronized (this) {
            startNow = !busy;
            if (startNow) {
                busy = true;
            } else {
                waiting.add(run);
            }
        }
        if (startNow) {
            run.run();
        }
        return result;
    }

    private void next() {
        Runnable following;
        synchronized (this) {
            following = waiting.poll();
            if (following == null) {
                busy = false;
            }
        }
        if (following != null) {
            following.run();
        }
    }
}
