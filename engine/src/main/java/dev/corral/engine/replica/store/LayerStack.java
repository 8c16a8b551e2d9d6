package dev.corral.engine.replica.store;

import java.util.Arrays;

/**
 * The open layer files indexed by their {@link BlockMap} owner number: {@code files[1]} is the
 * oldest snapshot, {@code files[headOwner]} the head; index 0 stays empty because it means "hole".
 * Immutable: a snapshot builds a new stack.
 */
record LayerStack(NativeFile[] files) {
    LayerStack {
        files = files.clone();
    }

    static LayerStack of(NativeFile... layersOldestFirst) {
        NativeFile[] byOwner = new NativeFile[layersOldestFirst.length + 1];
        System.arraycopy(layersOldestFirst, 0, byOwner, 1, layersOldestFirst.length);
        return new LayerStack(byOwner);
    }

    int headOwner() {
        return files.length - 1;
    }

    NativeFile head() {
        return files[files.length - 1];
    }

    NativeFile file(int owner) {
        return files[owner];
    }

    /** Whether {@code owner} is a snapshot layer below the head (not a hole, not the head). */
    boolean isLower(int owner) {
        return owner != BlockMap.HOLE && owner != headOwner();
    }

    LayerStack withNewHead(NativeFile newHead) {
        NativeFile[] grown = Arrays.copyOf(files, files.length + 1);
        grown[grown.length - 1] = newHead;
        return new LayerStack(grown);
    }
}
