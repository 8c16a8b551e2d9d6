package dev.corral.console.placement;

import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Volume;
import dev.corral.console.state.ClusterState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;

/**
 * Where every replica lives: volumes down, nodes across, each cell the replicas of that volume on
 * that node. Recomputed once per event batch into an immutable {@link Grid} the view renders.
 */
public final class PlacementViewModel {
    /** A node's column: its name and whether it is ready (a down node's column is marked). */
    public record Column(String node, boolean ready, boolean schedulable) {}

    /** A volume's line: cells by node name (absent: no replica there). */
    public record Line(String volume, Volume.Robustness robustness, Map<String, List<PlacementCell>> cells) {}

    public record Grid(List<Column> columns, List<Line> lines) {}

    private final ClusterState state;
    private final ObjectProperty<Grid> grid = new SimpleObjectProperty<>(new Grid(List.of(), List.of()));

    public PlacementViewModel(ClusterState state) {
        this(state, ClusterState.ALWAYS);
    }

    /** @param showing whether the screen is on view: it is refreshed only then */
    public PlacementViewModel(ClusterState state, ObservableBooleanValue showing) {
        this.state = state;
        state.onBatch(showing, this::refresh);
        refresh();
    }

    void refresh() {
        TreeSet<String> nodeNames = new TreeSet<>(state.nodes().keySet());
        // A replica on a node the state does not know (deleted node) still gets a column.
        state.replicas().values().forEach(r -> nodeNames.add(r.spec().nodeId()));
        List<Column> columns = new ArrayList<>();
        for (String name : nodeNames) {
            Node node = state.nodes().get(name);
            columns.add(new Column(
                    name,
                    node != null && node.ready(),
                    node != null && node.spec().allowScheduling()));
        }
        List<Line> lines = state.volumes().values().stream()
                .sorted(Comparator.comparing(Volume::name))
                .map(this::line)
                .toList();
        grid.set(new Grid(List.copyOf(columns), lines));
    }

    private Line line(Volume volume) {
        Map<String, List<PlacementCell>> cells = new LinkedHashMap<>();
        for (Replica replica : state.replicasOf(volume.name())) {
            cells.computeIfAbsent(replica.spec().nodeId(), n -> new ArrayList<>())
                    .add(PlacementCell.of(replica, state.engines().get(volume.name())));
        }
        cells.replaceAll((node, list) -> List.copyOf(list));
        return new Line(volume.name(), volume.status().robustness(), Map.copyOf(cells));
    }

    public ReadOnlyObjectProperty<Grid> grid() {
        return grid;
    }
}
