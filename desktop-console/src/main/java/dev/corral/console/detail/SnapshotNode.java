package dev.corral.console.detail;

import dev.corral.engine.replica.LayerInfo;
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
    static List<SnapshotNode> tree(List<LayerInfo> layers) {
        Map<String, LayerInfo> byName = new HashMap<>();
        layers.forEach(l -> byName.put(l.name(), l));
        Map<String, List<LayerInfo>> children = new LinkedHashMap<>();
        List<LayerInfo> roots = new ArrayList<>();
        for (LayerInfo layer : layers) {
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
                .sorted(Comparator.comparing(LayerInfo::created))
                .map(root -> node(root, children, layers))
                .toList();
    }

    private static SnapshotNode node(LayerInfo layer, Map<String, List<LayerInfo>> children, List<LayerInfo> all) {
        List<SnapshotNode> below = children.getOrDefault(layer.name(), List.of()).stream()
                .sorted(Comparator.comparing(LayerInfo::created))
                .map(child -> node(child, children, all))
                .toList();
        return new SnapshotNode(SnapshotRow.of(layer, isHead(layer, all)), below);
    }

    /** The live head: on the read chain, and no layer on the chain was taken on top of it. */
    static boolean isHead(LayerInfo layer, List<LayerInfo> all) {
        return layer.active() && all.stream().noneMatch(l -> layer.name().equals(l.parent()) && l.active());
    }

    private static String visibleParent(LayerInfo layer, Map<String, LayerInfo> byName) {
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
