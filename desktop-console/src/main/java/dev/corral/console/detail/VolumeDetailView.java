package dev.corral.console.detail;

import atlantafx.base.theme.Styles;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Replica cards with live rebuild bars, then the snapshot list and its actions. */
public final class VolumeDetailView extends VBox {
    private final FlowPane cardPane = new FlowPane(10, 10);

    public VolumeDetailView(VolumeDetailViewModel vm) {
        setId("detail-view");
        setSpacing(10);
        setPadding(new Insets(10));
        Label title = new Label();
        title.setId("detail-title");
        title.getStyleClass().add(Styles.TITLE_3);
        title.textProperty().bind(vm.title());
        cardPane.setId("replica-cards");
        vm.cards().addListener((ListChangeListener<ReplicaCard>) change -> renderCards(vm));
        renderCards(vm);

        ListView<SnapshotRow> list = new ListView<>(vm.snapshots());
        list.setId("snapshot-list");
        list.setPrefHeight(220);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(SnapshotRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : row.label());
            }
        });
        TextField name = new TextField();
        name.setId("snapshot-name");
        name.setPromptText("snapshot name (optional)");
        name.textProperty().bindBidirectional(vm.newSnapshot());
        Button take = new Button("Take snapshot");
        take.setId("create-snapshot");
        take.setOnAction(e -> vm.createSnapshot());
        Button delete = new Button("Delete snapshot");
        delete.setId("delete-snapshot");
        delete.getStyleClass().add(Styles.DANGER);
        delete.disableProperty()
                .bind(list.getSelectionModel()
                        .selectedItemProperty()
                        .map(SnapshotRow::head)
                        .orElse(true));
        delete.setOnAction(e -> vm.deleteSnapshot(list.getSelectionModel().getSelectedItem()));
        Label message = new Label();
        message.setId("snapshot-message");
        message.textProperty().bind(vm.snapshotMessage());
        Label error = new Label();
        error.setId("snapshot-error");
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(vm.error());

        Label replicas = new Label("Replicas");
        replicas.getStyleClass().add(Styles.TITLE_4);
        Label snaps = new Label("Snapshots");
        snaps.getStyleClass().add(Styles.TITLE_4);
        getChildren().addAll(title, replicas, cardPane, snaps, new HBox(6, name, take, delete), message, error, list);
    }

    private void renderCards(VolumeDetailViewModel vm) {
        cardPane.getChildren()
                .setAll(vm.cards().stream().map(VolumeDetailView::card).toList());
    }

    private static VBox card(ReplicaCard card) {
        Label name = new Label(card.name());
        name.getStyleClass().add(Styles.TEXT_BOLD);
        Label where = new Label(card.node() + " / disk " + card.disk());
        Label mode = new Label(card.mode());
        mode.setId("replica-mode-" + card.node());
        mode.getStyleClass().add("mode-" + card.mode().toLowerCase(java.util.Locale.ROOT));
        VBox box = new VBox(4, name, where, mode);
        card.rebuild().ifPresent(rebuild -> {
            ProgressBar bar = new ProgressBar(rebuild.fraction());
            bar.setId("rebuild-" + card.node());
            bar.setPrefWidth(220);
            Label text = new Label(rebuild.text());
            text.setId("rebuild-text-" + card.node());
            text.setWrapText(true);
            box.getChildren().addAll(bar, text);
        });
        box.setId("replica-card-" + card.node());
        box.getStyleClass().add("replica-card");
        box.setPrefWidth(250);
        box.setPadding(new Insets(8));
        return box;
    }
}
