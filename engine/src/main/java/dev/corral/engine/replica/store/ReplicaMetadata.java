package dev.corral.engine.replica.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything about a replica that is not block data, persisted as {@code replica.json}. {@code
 * layers} runs from the oldest snapshot to the head (last); {@code head} repeats the head's file
 * name so a reader can check the chain. {@code nextLayerId} numbers new layer files and only ever
 * grows, so a file name is never reused. {@code revisionCounter.value} is the counter as of this
 * metadata write; while the replica is open the counter file is ahead of it.
 */
record ReplicaMetadata(
        int formatVersion,
        long size,
        int blockSize,
        List<LayerRecord> layers,
        String head,
        long nextLayerId,
        boolean dirty,
        RevisionCounterState revisionCounter) {

    static final int FORMAT_VERSION = 1;
    static final int BLOCK_SIZE = 4096;
    /** Name of the writable layer; reserved, so no snapshot can take it. */
    static final String HEAD_NAME = "volume-head";

    /** Whether the replica keeps a revision counter, and its value at the time of this write. */
    record RevisionCounterState(boolean enabled, long value) {}

    ReplicaMetadata {
        layers = List.copyOf(layers);
    }

    LayerRecord headLayer() {
        return layers.getLast();
    }

    ReplicaMetadata withDirty(boolean newDirty, long revision) {
        return new ReplicaMetadata(
                formatVersion, size, blockSize, layers, head, nextLayerId, newDirty, revisionAt(revision));
    }

    ReplicaMetadata withSize(long newSize, long revision) {
        return new ReplicaMetadata(
                formatVersion, newSize, blockSize, layers, head, nextLayerId, dirty, revisionAt(revision));
    }

    /** The head frozen as snapshot {@code name} and a new head in {@code newHeadFile} on top. */
    ReplicaMetadata withSnapshot(
            String name, boolean userCreated, String newHeadFile, long newNextLayerId, String now, long revision) {
        List<LayerRecord> chain = new ArrayList<>(layers);
        LayerRecord frozen = chain.removeLast().asSnapshot(name, now, userCreated);
        chain.add(frozen);
        chain.add(new LayerRecord(HEAD_NAME, newHeadFile, frozen.file(), now, false, false));
        return new ReplicaMetadata(
                formatVersion, size, blockSize, chain, newHeadFile, newNextLayerId, dirty, revisionAt(revision));
    }

    private RevisionCounterState revisionAt(long revision) {
        return new RevisionCounterState(revisionCounter.enabled(), revisionCounter.enabled() ? revision : 0);
    }

    /** Refuses metadata this code cannot serve correctly, with the reason. */
    void validate(int maxLayers) throws IOException {
        require(
                formatVersion == FORMAT_VERSION,
                "format version " + formatVersion + " (this build reads " + FORMAT_VERSION + ")");
        require(blockSize == BLOCK_SIZE, "block size " + blockSize + " (this build uses " + BLOCK_SIZE + ")");
        require(size > 0 && size % BLOCK_SIZE == 0, "size " + size + " is not a positive multiple of " + BLOCK_SIZE);
        require(revisionCounter != null, "no revisionCounter");
        require(layers != null && !layers.isEmpty(), "no layers");
        require(layers.size() <= maxLayers, layers.size() + " layers, more than " + maxLayers);
        require(headLayer().file().equals(head), "head " + head + " is not the last layer of the chain");
        require(
                HEAD_NAME.equals(headLayer().name()),
                "the head layer is named " + headLayer().name());
        Set<String> names = new HashSet<>();
        Set<String> files = new HashSet<>();
        String parent = null;
        for (LayerRecord layer : layers) {
            long id = ReplicaDirectory.layerId(layer.file());
            require(
                    id > 0 && id < nextLayerId,
                    "layer file " + layer.file() + " is not a layer file name below " + "nextLayerId " + nextLayerId);
            require(names.add(layer.name()), "layer name " + layer.name() + " appears twice");
            require(files.add(layer.file()), "layer file " + layer.file() + " appears twice");
            require(
                    Objects.equals(parent, layer.parent()),
                    "layer " + layer.file() + " has parent " + layer.parent() + " but follows " + parent);
            parent = layer.file();
        }
    }

    private static void require(boolean condition, String problem) throws IOException {
        if (!condition) {
            throw new IOException("corrupt " + ReplicaDirectory.METADATA + ": " + problem);
        }
    }
}
