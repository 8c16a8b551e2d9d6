package dev.corral.console.volumes;

import dev.corral.api.model.Volume;
import dev.corral.api.units.ByteSize;
import dev.corral.console.ui.Robustness;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The volumes table, its filter, the create form and the actions on the selected volume. */
public final class VolumesView extends BorderPane {
    public VolumesView(VolumesViewModel vm) {
        setId("volumes-view");
        setPadding(new Insets(8));

        TextField filter = new TextField();
        filter.setId("volume-filter");
        filter.setPromptText("Filter by name, node, state or robustness");
        filter.textProperty().bindBidirectional(vm.filter());
        HBox.setHgrow(filter, Priority.ALWAYS);

        TableView<VolumeRow> table = new TableView<>();
        table.setId("volumes-table");
        table.setPlaceholder(new Label("No volumes yet: create one on the right"));
        table.getColumns().add(column("Name", "col-name", VolumeRow::name));
        table.getColumns()
                .add(column("State", "col-state", r -> r.state().name().toLowerCase(Locale.ROOT)));
        table.getColumns().add(robustnessColumn());
        TableColumn<VolumeRow, Long> size = new TableColumn<>("Size");
        size.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().size()));
        size.setCellFactory(c -> bytesCell());
        table.getColumns().add(size);
        TableColumn<VolumeRow, Long> actual = new TableColumn<>("Actual size");
        actual.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().actualSize()));
        actual.setCellFactory(c -> bytesCell());
        table.getColumns().add(actual);
        table.getColumns().add(column("Replicas", "col-replicas", VolumeRow::replicasText));
        table.getColumns().add(column("Attached to", "col-node", VolumeRow::attachedNode));
        table.getColumns().add(column("Endpoint", "col-endpoint", VolumeRow::endpoint));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        SortedList<VolumeRow> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            // A refresh that replaces a row may clear the selection for a moment: keep the choice.
            if (row != null) {
                vm.selected().set(row.name());
            }
        });
        vm.selected().addListener((obs, old, name) -> {
            VolumeRow current = table.getSelectionModel().getSelectedItem();
            if (name != null && (current == null || !current.name().equals(name))) {
                sorted.stream()
                        .filter(r -> r.name().equals(name))
                        .findFirst()
                        .ifPresent(r -> table.getSelectionModel().select(r));
            }
        });

        setTop(new VBox(6, new HBox(6, filter), new Separator()));
        setCenter(table);
        setRight(createForm(vm));
        setBottom(actions(vm));
    }

    private static VBox createForm(VolumesViewModel vm) {
        TextField name = new TextField();
        name.setId("new-volume-name");
        name.setPromptText("name, e.g. pg-data");
        name.textProperty().bindBidirectional(vm.newName());
        TextField size = new TextField();
        size.setId("new-volume-size");
        size.textProperty().bindBidirectional(vm.newSize());
        Spinner<Integer> replicas = new Spinner<>(1, 20, vm.newReplicas().get());
        replicas.setId("new-volume-replicas");
        replicas.getValueFactory()
                .valueProperty()
                .addListener((obs, old, value) -> vm.newReplicas().set(value));
        Button create = new Button("Create volume");
        create.setId("create-volume");
        create.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        create.disableProperty().bind(vm.createValid().not().or(vm.busy()));
        create.setOnAction(e -> vm.create());
        VBox form = new VBox(
                4,
                title("New volume"),
                new Label("Name"),
                name,
                errorLabel("new-volume-name-error", vm.nameError()),
                new Label("Size (Mi, Gi, Ti)"),
                size,
                errorLabel("new-volume-size-error", vm.sizeError()),
                new Label("Replicas"),
                replicas,
                errorLabel("new-volume-replicas-error", vm.replicasError()),
                create);
        form.setPadding(new Insets(0, 0, 0, 10));
        form.setPrefWidth(260);
        return form;
    }

    private static VBox actions(VolumesViewModel vm) {
        Label selected = new Label();
        selected.setId("selected-volume");
        selected.textProperty().bind(vm.selected().map(n -> "Volume " + n + ":").orElse("Select a volume"));
        ComboBox<String> node = new ComboBox<>(vm.attachNodes());
        node.setId("attach-node");
        node.setPromptText("node");
        Button attach = button("Attach", "attach-volume", () -> vm.attach(node.getValue()));
        Button detach = button("Detach", "detach-volume", vm::detach);
        TextField expandTo = new TextField();
        expandTo.setId("expand-size");
        expandTo.setPromptText("new size");
        expandTo.setPrefColumnCount(6);
        Button expand = button("Expand", "expand-volume", () -> vm.expand(expandTo.getText()));
        Button snapshot = button("Snapshot", "snapshot-volume", vm::snapshot);
        Button delete = button("Delete", "delete-volume", vm::delete);
        delete.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        for (Button b : new Button[] {attach, detach, expand, snapshot, delete}) {
            b.disableProperty().bind(vm.selected().isNull().or(vm.busy()));
        }
        HBox bar = new HBox(
                6,
                selected,
                node,
                attach,
                detach,
                new Separator(Orientation.VERTICAL),
                expandTo,
                expand,
                snapshot,
                new Separator(Orientation.VERTICAL),
                delete);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label problem = errorLabel("volume-problem", vm.selectedProblem());
        Label error = errorLabel("volume-error", vm.error());
        Label info = new Label();
        info.setId("volume-info");
        info.textProperty().bind(vm.info());
        VBox box = new VBox(4, bar, problem, error, info);
        box.setPadding(new Insets(8, 0, 0, 0));
        return box;
    }

    private static Label title(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(atlantafx.base.theme.Styles.TITLE_4);
        return label;
    }

    /** A red line that takes no room while it has nothing to say. */
    static Label errorLabel(String id, ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        label.textProperty().bind(text);
        label.managedProperty().bind(label.textProperty().isNotEmpty());
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        return label;
    }

    private static Button button(String text, String id, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setOnAction(e -> action.run());
        return button;
    }

    private static TableColumn<VolumeRow, String> column(String title, String id, Function<VolumeRow, String> value) {
        TableColumn<VolumeRow, String> column = new TableColumn<>(title);
        column.setId(id);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        return column;
    }

    private static TableColumn<VolumeRow, VolumeRow> robustnessColumn() {
        TableColumn<VolumeRow, VolumeRow> column = new TableColumn<>("Robustness");
        column.setId("col-robustness");
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        column.setComparator(Comparator.comparing(VolumeRow::robustness));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(VolumeRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                    setId(null);
                    return;
                }
                Volume.Robustness robustness = row.robustness();
                Label label = Robustness.label(robustness);
                label.setId("robustness-" + row.name());
                setGraphic(label);
            }
        });
        return column;
    }

    private static TableCell<VolumeRow, Long> bytesCell() {
        return new TableCell<>() {
            @Override
            protected void updateItem(Long bytes, boolean empty) {
                super.updateItem(bytes, empty);
                setText(empty || bytes == null ? null : ByteSize.format(bytes));
            }
        };
    }
}
