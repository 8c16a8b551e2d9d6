package dev.corral.engine.controller;

import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.replica.LayerSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layers a rebuild copies, read from the source's layer tree: its active chain without the
 * head (which the target replaces with its own, fed by live writes), oldest first, and how many
 * bytes of data they hold.
 */
record RebuildPlan(List<LayerSpec> chain, long bytesTotal) {

    static RebuildPlan of(List<LayerInfo> tree) {
        Map<String, LayerInfo> byName = new HashMap<>();
        Set<String> parents = new HashSet<>();
        for (LayerInfo layer : tree) {
            byName.put(layer.name(), layer);
            if (layer.active() && layer.parent() != null) {
                parents.add(layer.parent());
            }
        }
        LayerInfo head = tree.stream()
                .filter(l -> l.active() && !parents.contains(l.name()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("source reports no head layer"));
        List<LayerSpec> chain = new ArrayList<>();
        long bytes = 0;
        for (String name = head.parent(); name != null; ) {
            LayerInfo layer = byName.get(name);
            if (layer == null) {
                throw new IllegalStateException("source's chain names a missing layer " + name);
            }
            chain.add(new LayerSpec(layer.name(), layer.created().toString(), layer.userCreated(), layer.removed()));
            bytes += layer.allocatedBytes();
            name = layer.parent();
        }
        Collections.reverse(chain);
        return new RebuildPlan(List.copyOf(chain), bytes);
    }
}
