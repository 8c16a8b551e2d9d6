package dev.corral.engine.replica.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.corral.engine.replica.LayerSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Everything about a replica that is not block data, persisted as {@code replica.json}. {@code
 * layers} is the layer tree, every parent listed before its children and the head last; the
 * active chain is the head, its parent, and so on. {@code head} repeats the head's file name so a
 * reader can check it. {@code nextLayerId} numbers new layer files and only ever grows, so a file
 * name is never reused. {@code revisionCounter.value} is the counter as of this metadata write;
 * while the replica is open the counter file is ahead of it. {@code rebuild} is present from a
 * prepared rebuild until it is finished.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ReplicaMetadata(
        int formatVersion,
        long size,
        int blockSize,
        List<LayerRecord> layers,
        String head,
        long nextLayerId,
        boolean dirty,
        RevisionCounterState revisionCounter,
        RebuildState rebuild) {

    /** Version 2 adds layer trees and the rebuild state; version 1 files (plain chains) still open. */
    static final int FORMAT_VERSION = 2;

    static final int OLDEST_READABLE_VERSION = 1;
    static final int BLOCK_SIZE = 4096;
    /** Name of the writable layer; reserved, so no snapshot can take it. */
    static final String HEAD_NAME = "volume-head";

    /** Whether the replica keeps a revision counter, and its value at the time of this write. */
    record RevisionCounterState(boolean enabled, long value) {}

    /** A rebuild in progress: the source's snapshot chain, oldest first, this replica is copying. */
    record RebuildState(List<LayerSpec> chain) {
        RebuildState {
            chain = List.copyOf(chain);
        }
    }

    ReplicaMetadata {
        layers = List.copyOf(layers);
    }

    @JsonIgnore
    LayerRecord headLayer() {
        return layers.getLast();
    }

    @JsonIgnore
    boolean rebuilding() {
        return rebuild != null;
    }

    /** The active chain, oldest first, the head last. */
    @JsonIgnore
    List<LayerRecord> activeChain() {
        List<LayerRecord> chain = new ArrayList<>();
        for (LayerRecord layer = headLayer(); layer != null; layer = byFile(layer.parent())) {
            chain.addFirst(layer);
        }
        return chain;
    }

    LayerRecord byName(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    }

    LayerRecord byFile(String file) {
        return file == null
                ? null
                : layers.stream().filter(l -> l.file().equals(file)).findFirst().orElse(null);
    }

    List<LayerRecord> children(LayerRecord parent) {
        return layers.stream().filter(l -> parent.file().equals(l.parent())).toList();
    }

    ReplicaMetadata withDirty(boolean newDirty, long revision) {
        return new ReplicaMetadata(
                FORMAT_VERSION, size, blockSize, layers, head, nextLayerId, newDirty, revisionAt(revision), rebuild);
    }

    ReplicaMetadata withSize(long newSize, long revision) {
        return new ReplicaMetadata(
                FORMAT_VERSION, newSize, blockSize, layers, head, nextLayerId, dirty, revisionAt(revision), rebuild);
    }

    /** The same replica with another layer list (head last) and rebuild state. */
    ReplicaMetadata withLayers(List<LayerRecord> newLayers, long newNextLayerId, RebuildState newRebuild) {
        return new ReplicaMetadata(
                FORMAT_VERSION,
                size,
                blockSize,
                newLayers,
                newLayers.getLast().file(),
                newNextLayerId,
                dirty,
                revisionCounter,
                newRebuild);
    }

    /** Every layer passed through {@code change}; files, order and the rest stay. */
    ReplicaMetadata mapLayers(UnaryOperator<LayerRecord> change) {
        return withLayers(layers.stream().map(change).toList(), nextLayerId, rebuild);
    }

    /** The head frozen as snapshot {@code name} and a new head in {@code newHeadFile} on top. */
    ReplicaMetadata withSnapshot(
            String name, boolean userCreated, String newHeadFile, long newNextLayerId, String now, long revision) {
        List<LayerRecord> chain = new ArrayList<>(layers);
        LayerRecord frozen = chain.removeLast().asSnapshot(name, now, userCreated);
        chain.add(frozen);
        chain.add(new LayerRecord(HEAD_NAME, newHeadFile, frozen.file(), now, false, false));
        return new ReplicaMetadata(
                FORMAT_VERSION,
                size,
                blockSize,
                chain,
                newHeadFile,
                newNextLayerId,
                dirty,
                revisionAt(revision),
                rebuild);
    }

    private RevisionCounterState revisionAt(long revision) {
        return new RevisionCounterState(revisionCounter.enabled(), revisionCounter.enabled() ? revision : 0);
    }

    /** Refuses metadata this code cannot serve correctly, with the reason. */
    void validate(int maxLayers) throws IOException {
        require(
                formatVersion >= OLDEST_READABLE_VERSION && formatVersion <= FORMAT_VERSION,
                "format version " + formatVersion + " (this build reads " + OLDEST_READABLE_VERSION + " to "
                        + FORMAT_VERSION + ")");
        require(blockSize == BLOCK_SIZE, "block size " + blockSize + " (this build uses " + BLOCK_SIZE + ")");
        require(size > 0 && size % BLOCK_SIZE == 0, "size " + size + " is not a positive multiple of " + BLOCK_SIZE);
        require(revisionCounter != null, "no revisionCounter");
        require(layers != null && !layers.isEmpty(), "no layers");
        require(layers.size() <= maxLayers, layers.size() + " layers, more than " + maxLayers);
        require(headLayer().file().equals(head), "head " + head + " is not the last layer listed");
        require(headLayer().isHead(), "the head layer is named " + headLayer().name());
        Set<String> names = new HashSet<>();
        Set<String> files = new HashSet<>();
        for (LayerRecord layer : layers) {
            long id = ReplicaDirectory.layerId(layer.file());
            require(
                    id > 0 && id < nextLayerId,
                    "layer file " + layer.file() + " is not a layer file name below nextLayerId " + nextLayerId);
            require(names.add(layer.name()), "layer name " + layer.name() + " appears twice");
            require(
                    layer.parent() == null || files.contains(layer.parent()),
                    "layer " + layer.file() + " has parent " + layer.parent() + ", which is not listed before it");
            require(files.add(layer.file()), "layer file " + layer.file() + " appears twice");
        }
        if (rebuild != null) {
            List<String> chainNames = activeChain().stream()
                    .map(LayerRecord::name)
                    .toList()
                    .subList(0, activeChain().size() - 1);
            List<String> specNames =
                    rebuild.chain().stream().map(LayerSpec::name).toList();
            require(
                    Objects.equals(chainNames, specNames),
                    "rebuild chain " + specNames + " differs from the active chain " + chainNames);
        }
    }

    private static void require(boolean condition, String problem) throws IOException {
        if (!condition) {
            throw new IOException("corrupt " + ReplicaDirectory.METADATA + ": " + problem);
        }
    }
}
