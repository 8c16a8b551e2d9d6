package dev.corral.console.placement;

import dev.corral.console.ui.Robustness;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * The placement map as a table: a row per volume, a column per node. Rows are virtualised (only
 * the visible ones have cells), so 2,000 volumes cost what a screenful does; columns are rebuilt
 * only when the set of nodes changes. Cells have ids {@code cell-VOLUME-NODE}, the volume cell
 * {@code volume-NAME} and each node's header {@code node-NAME}, for tests and screenshots.
 */
public final class PlacementView extends TableView<PlacementViewModel.Line> {
    private List<PlacementViewModel.Column> shownColumns = List.of();

    public PlacementView(PlacementViewModel vm) {
        setId("placement-view");
        setFixedCellSize(30);
        setPlaceholder(new Label("No volumes"));
        render(vm.grid().get());
        vm.grid().addListener((obs, old, grid) -> render(grid));
    }

    private void render(PlacementViewModel.Grid grid) {
        if (!grid.columns().equals(shownColumns)) {
            shownColumns = grid.columns();
            getColumns().setAll(volumeColumn());
            grid.columns().forEach(column -> getColumns().add(nodeColumn(column)));
        }
        // All rows at once: replacing only the changed rows measured slower (a list change and a
        // layout pass per row) than one setAll, which re-renders only the visible rows anyway.
        getItems().setAll(grid.lines());
    }

    private static TableColumn<PlacementViewModel.Line, PlacementViewModel.Line> volumeColumn() {
        TableColumn<PlacementViewModel.Line, PlacementViewModel.Line> column = new TableColumn<>("Volume \\ Node");
        column.setPrefWidth(220);
        column.setSortable(false);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(PlacementViewModel.Line line, boolean empty) {
                super.updateItem(line, empty);
                getStyleClass().removeIf(s -> s.startsWith("robustness-"));
                if (empty || line == null) {
                    setText(null);
                    setId(null);
                    return;
                }
                setText(line.volume() + "  " + Robustness.text(line.robustness()));
                setId("volume-" + line.volume());
                getStyleClass().add(Robustness.styleClass(line.robustness()));
            }
        });
        return column;
    }

    private static TableColumn<PlacementViewModel.Line, List<PlacementCell>> nodeColumn(
            PlacementViewModel.Column node) {
        TableColumn<PlacementViewModel.Line, List<PlacementCell>> column = new TableColumn<>();
        Label header = new Label(node.node() + (node.ready() ? "" : " (down)") + (node.schedulable() ? "" : " \u26D4"));
        header.setId("node-" + node.node());
        header.getStyleClass().addAll("placement-header", node.ready() ? "node-ready" : "node-down");
        column.setGraphic(header);
        column.setPrefWidth(node.ready() && node.schedulable() ? 110 : 140); // room for "(down)"
        column.setSortable(false);
        column.setCellValueFactory(
                c -> new ReadOnlyObjectWrapper<>(c.getValue().cells().getOrDefault(node.node(), List.of())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(List<PlacementCell> cells, boolean empty) {
                super.updateItem(cells, empty);
                getStyleClass().removeIf(s -> s.startsWith("cell-"));
                PlacementViewModel.Line line =
                        getTableRow() == null ? null : getTableRow().getItem();
                if (empty || cells == null || line == null) {
                    setText(null);
                    setId(null);
                    return;
                }
                setId("cell-" + line.volume() + "-" + node.node());
                setText(
                        cells.isEmpty()
                                ? "\u00B7"
                                : cells.stream().map(PlacementCell::label).collect(Collectors.joining(" ")));
                if (!cells.isEmpty()) {
                    getStyleClass().add(cells.getFirst().styleClass());
                }
            }
        });
        column.getStyleClass().add("placement-column");
        return column;
    }
}
