package dev.corral.console.detail;

import dev.corral.api.v1.SnapshotInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A snapshot (or the volume head) in the snapshot tree, with the layers taken on top of it. */
public record SnapshotNode(SnapshotRow row, List<SnapshotNode> children) {
    public SnapshotNode {
        children = List.copyOf(children);
    }

    /**
     * The engine's layer list as a tree: each layer under the one it was taken on top of, oldest
     * child first. Removed snapshots are hidden (their data stays in the chain until purged) and
     * their children shown under the nearest layer that is not removed.
     */
    static List<SnapshotNode> tree(List<SnapshotInfo> layers) {
        Map<String, SnapshotInfo> byName = new HashMap<>();
        layers.forEach(l -> byName.put(l.name(), l));
        Map<String, List<SnapshotInfo>> children = new LinkedHashMap<>();
        List<SnapshotInfo> roots = new ArrayList<>();
        for (SnapshotInfo layer : layers) {
            if (layer.removed()) {
                continue;
            }
            String parent = visibleParent(layer, byName);
            if (parent == null) {
                roots.add(layer);
            } else {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(layer);
            }
        }
        return roots.stream()
                .sorted(Comparator.comparing(SnapshotInfo::created))
                .map(root -> node(root, children, layers))
                .toList();
    }

    private static SnapshotNode node(
            SnapshotInfo layer, Map<String, List<SnapshotInfo>> children, List<SnapshotInfo> all) {
        List<SnapshotNode> below = children.getOrDefault(layer.name(), List.of()).stream()
                .sorted(Comparator.comparing(SnapshotInfo::created))
                .map(child -> node(child, children, all))
                .toList();
        return new SnapshotNode(SnapshotRow.of(layer, isHead(layer, all)), below);
    }

    /** The live head: on the read chain, and no layer on the chain was taken on top of it. */
    static boolean isHead(SnapshotInfo layer, List<SnapshotInfo> all) {
        return layer.active() && all.stream().noneMatch(l -> layer.name().equals(l.parent()) && l.active());
    }

    private static String visibleParent(SnapshotInfo layer, Map<String, SnapshotInfo> byName) {
        String parent = layer.parent();
        int hops = 0;
        while (parent != null
                && byName.containsKey(parent)
                && byName.get(parent).removed()) {
            parent = byName.get(parent).parent();
            if (++hops > byName.size()) {
                return null; // a cycle would be the engine's bug; show the layer as a root
            }
        }
        return parent != null && byName.containsKey(parent) ? parent : null;
    }
}
