package dev.corral.engine.nbd;

import dev.corral.engine.block.BlockDevice;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The volumes an {@link NbdServer} serves, by export name (the volume name). The server calls these
 * methods on its I/O threads during the handshake, so they must answer from memory without
 * blocking. Exports may appear and disappear at any time; a lookup decides per connection.
 */
public interface ExportRegistry {
    /** The device served under {@code exportName}, if there is one. */
    Optional<BlockDevice> find(String exportName);

    /** Names listed to clients that ask (NBD_OPT_LIST), in the order to list them. */
    List<String> exportNames();

    /** Human-readable description sent with NBD_INFO_DESCRIPTION; none by default. */
    default Optional<String> description(String exportName) {
        return Optional.empty();
    }

    /** A fixed set of exports, listed in the map's iteration order. */
    static ExportRegistry of(Map<String, ? extends BlockDevice> exports) {
        Map<String, BlockDevice> copy = Map.copyOf(exports);
        List<String> names = List.copyOf(exports.keySet());
        return new ExportRegistry() {
            @Override
            public Optional<BlockDevice> find(String exportName) {
                return Optional.ofNullable(copy.get(exportName));
            }

            @Override
            public List<String> exportNames() {
                return names;
            }
        };
    }
}
