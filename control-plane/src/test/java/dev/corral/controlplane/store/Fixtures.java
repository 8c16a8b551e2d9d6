package dev.corral.controlplane.store;

import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Volume;
import java.util.List;
import java.util.Map;

/** Small resources for the store's tests; the store does not care what is in them. */
final class Fixtures {
    private Fixtures() {}

    static Volume volume(String name, long size) {
        return new Volume(
                ObjectMeta.named(name),
                new Volume.Spec(size, 3, Volume.DataLocality.DISABLED, 2880, List.of(), List.of(), ""),
                null);
    }

    static Volume resized(Volume volume, long size) {
        return volume.withSpec(volume.spec().withSize(size));
    }

    static Node node(String name) {
        return new Node(
                ObjectMeta.named(name), new Node.Spec("10.0.0.1", true, List.of(), "z1", Map.of(), false), null);
    }
}
