package dev.corral.engine.nbd;

import dev.corral.engine.block.BlockDevice;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A registry tests can add exports to while the server runs. */
final class TestExports implements ExportRegistry {
    private final ConcurrentSkipListMap<String, BlockDevice> exports = new ConcurrentSkipListMap<>();

    <T extends BlockDevice> T add(String name, T device) {
        exports.put(name, device);
        return device;
    }

    @Override
    public Optional<BlockDevice> find(String exportName) {
        return Optional.ofNullable(exports.get(exportName));
    }

    @Override
    public List<String> exportNames() {
        return List.copyOf(exports.keySet());
    }

    @Override
    public Optional<String> description(String exportName) {
        return find(exportName).map(device -> "test export of " + device.size() + " bytes");
    }
}
