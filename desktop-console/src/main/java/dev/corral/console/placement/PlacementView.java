package dev.corral.console.placement;

import dev.corral.console.ui.Robustness;
import java.util.List;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;

/**
 * The placement map. Cells have ids {@code cell-VOLUME-NODE} (and volumes and nodes theirs), so
 * that tests and screenshots find them by name.
 */
public final class PlacementView extends ScrollPane {
    private final GridPane gridPane = new GridPane();

    public PlacementView(PlacementViewModel vm) {
        setId("placement-view");
        gridPane.setId("placement-grid");
        gridPane.setHgap(4);
        gridPane.setVgap(4);
        gridPane.setPadding(new Insets(8));
        setContent(gridPane);
        setFitToWidth(true);
        render(vm.grid().get());
        vm.grid().addListener((obs, old, grid) -> render(grid));
    }

    private void render(PlacementViewModel.Grid grid) {
        gridPane.getChildren().clear();
        Label corner = new Label("Volume \\ Node");
        corner.getStyleClass().add("placement-header");
        gridPane.add(corner, 0, 0);
        List<PlacementViewModel.Column> columns = grid.columns();
        for (int c = 0; c < columns.size(); c++) {
            PlacementViewModel.Column column = columns.get(c);
            Label header = new Label(
                    column.node() + (column.ready() ? "" : " (down)") + (column.schedulable() ? "" : " \u26D4"));
            header.setId("node-" + column.node());
            header.getStyleClass().addAll("placement-header", column.ready() ? "node-ready" : "node-down");
            gridPane.add(header, c + 1, 0);
        }
        for (int r = 0; r < grid.lines().size(); r++) {
            PlacementViewModel.Line line = grid.lines().get(r);
            Label volume = Robustness.label(line.robustness());
            volume.setText(line.volume() + "  " + volume.getText());
            volume.setId("volume-" + line.volume());
            gridPane.add(volume, 0, r + 1);
            for (int c = 0; c < columns.size(); c++) {
                String node = columns.get(c).node();
                List<PlacementCell> cells = line.cells().getOrDefault(node, List.of());
                Label cell = new Label(
                        cells.isEmpty()
                                ? "\u00B7"
                                : cells.stream().map(PlacementCell::label).collect(Collectors.joining(" ")));
                cell.setId("cell-" + line.volume() + "-" + node);
                cell.getStyleClass().add("placement-cell");
                if (!cells.isEmpty()) {
                    cell.getStyleClass().add(cells.getFirst().styleClass());
                }
                cell.setMaxWidth(Double.MAX_VALUE);
                gridPane.add(cell, c + 1, r + 1);
            }
        }
    }
}
