package dev.corral.console.detail;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The snapshot tree (each layer under the one it was taken on) and its actions. */
public final class SnapshotsView extends VBox {
    private final TreeView<SnapshotRow> treeView = new TreeView<>(new TreeItem<>());

    public SnapshotsView(SnapshotsViewModel vm) {
        setSpacing(6);
        treeView.setId("snapshot-tree");
        treeView.setShowRoot(false);
        treeView.setPrefHeight(220);
        treeView.setCellFactory(v -> new TreeCell<>() {
            @Override
            protected void updateItem(SnapshotRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : row.label());
                setId(empty || row == null ? null : "snapshot-" + (row.head() ? "head" : row.name()));
            }
        });
        vm.tree().subscribe(this::render);

        TextField name = new TextField();
        name.setId("snapshot-name");
        name.setPromptText("snapshot name (optional)");
        name.textProperty().bindBidirectional(vm.newName());
        Button take = new Button("Take snapshot");
        take.setId("create-snapshot");
        take.setOnAction(e -> vm.create());
        BooleanBinding noSnapshotSelected = Bindings.createBooleanBinding(
                () -> selected() == null || selected().head(),
                treeView.getSelectionModel().selectedItemProperty());
        Button revert = new Button("Revert to snapshot");
        revert.setId("revert-snapshot");
        revert.getStyleClass().add(Styles.WARNING);
        revert.disableProperty().bind(noSnapshotSelected);
        revert.setOnAction(e -> vm.revert(selected()));
        Button delete = new Button("Delete snapshot");
        delete.setId("delete-snapshot");
        delete.getStyleClass().add(Styles.DANGER);
        delete.disableProperty().bind(noSnapshotSelected);
        delete.setOnAction(e -> vm.delete(selected()));
        Label message = new Label();
        message.setId("snapshot-message");
        message.textProperty().bind(vm.message());
        Label error = new Label();
        error.setId("snapshot-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.textProperty().bind(vm.error());
        getChildren().addAll(new HBox(6, name, take, revert, delete), message, error, treeView);
    }

    private SnapshotRow selected() {
        TreeItem<SnapshotRow> item = treeView.getSelectionModel().getSelectedItem();
        return item == null ? null : item.getValue();
    }

    private void render(List<SnapshotNode> roots) {
        treeView.getRoot()
                .getChildren()
                .setAll(roots.stream().map(SnapshotsView::item).toList());
    }

    private static TreeItem<SnapshotRow> item(SnapshotNode node) {
        TreeItem<SnapshotRow> item = new TreeItem<>(node.row());
        item.setExpanded(true);
        item.getChildren()
                .setAll(node.children().stream().map(SnapshotsView::item).toList());
        return item;
    }
}
