/**
 * The replica's on-disk store: {@link dev.corral.engine.replica.store.LayeredReplicaStore}.
 *
 * <h2>Directory layout</h2>
 *
 * <ul>
 *   <li>{@code replica.json}: metadata (below), replaced atomically.
 *   <li>{@code layer-NNNNNN.img}: one sparse file per layer, as large as the volume was when the
 *       layer was the head. Names come from a counter and never change; the snapshot name lives in
 *       the metadata.
 *   <li>{@code revision.counter}: only with the revision counter enabled; 20 zero-padded digits and
 *       a newline, rewritten in place on every write and unmap.
 *   <li>{@code replica.lock}: a file lock (FileChannel.tryLock) held while a store has the replica open.
 *   <li>{@code replica.json.tmp}: exists only during a metadata write or after a crash in one.
 * </ul>
 *
 * <h2>Metadata</h2>
 *
 * {@code formatVersion} (2; version 1 files, plain chains, still open), {@code size} (bytes, a
 * multiple of 4096), {@code blockSize} (4096), {@code layers} (the layer tree, every parent before
 * its children, the head last; each with {@code name}, {@code file}, {@code parent} = file of the
 * layer it was taken on top of, {@code created} ISO-8601, {@code userCreated}, {@code removed}),
 * {@code head} (file of the last layer), {@code nextLayerId}, {@code dirty}, {@code
 * revisionCounter} ({@code enabled}, {@code value} as of that metadata write; the counter file is
 * ahead of it while the replica is open, and open takes the larger of the two), and, only during a
 * rebuild, {@code rebuild} ({@code chain}: the source's snapshots, oldest first, each with {@code
 * name}, {@code created}, {@code userCreated}, {@code removed}; it must equal the active chain
 * below the head). The head is always named {@code volume-head}, a name snapshots cannot take. The
 * active chain is the head, its parent, and so on; layers off it (branches a revert left) stay
 * listed until removed and purged.
 *
 * <h2>Crash safety</h2>
 *
 * A metadata write is: write {@code replica.json.tmp}, fsync it, rename it over {@code
 * replica.json}, fsync the directory. A snapshot fsyncs the head (and counter), creates the next
 * layer file with O_EXCL, sizes and fsyncs it, fsyncs the directory, and only then writes the
 * metadata that makes it the head. Grow resizes the head, then writes the metadata; open resizes the
 * head back to the recorded size if the two disagree. Open deletes {@code replica.json.tmp} and any
 * layer file the metadata does not list. Revert, purge and prepareRebuild follow the same order:
 * new files are written and synced, the metadata switches, and only then are old files deleted (a
 * coalesce copies the child's data into the removed parent's file and syncs it first; until the
 * switch the copied blocks are shadowed by the child anyway). {@code dirty} is persisted before the
 * first mutation after open and cleared by a clean close.
 *
 * <h2>Block map</h2>
 *
 * In memory only: one byte per 4 KiB block naming the newest layer of the active chain holding it
 * (1 = oldest, 0 = hole), in lazily allocated pages. Open rebuilds it by walking each layer, oldest first, with
 * lseek SEEK_DATA/SEEK_HOLE and rounding each data extent out to whole blocks; this is exact because
 * a layer only ever receives a partial block when no older layer holds that block, and because
 * overwrites of snapshot data (including unmap over it) are real data in the head, never holes or
 * unwritten extents. File systems with blocks larger than 4 KiB are refused.
 */
package dev.corral.engine.replica.store;
