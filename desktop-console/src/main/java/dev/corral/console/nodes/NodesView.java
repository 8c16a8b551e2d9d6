package dev.corral.console.nodes;

import atlantafx.base.theme.Styles;
import dev.corral.api.units.ByteSize;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** A card per node: readiness (with the reason when down), disks as bars, and its actions. */
public final class NodesView extends ScrollPane {
    private final VBox list = new VBox(10);

    public NodesView(NodesViewModel vm) {
        setId("nodes-view");
        setFitToWidth(true);
        Label error = new Label();
        error.setId("nodes-error");
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(vm.error());
        VBox content = new VBox(10, error, list);
        content.setPadding(new Insets(10));
        setContent(content);
        vm.rows().addListener((ListChangeListener<NodeRow>) change -> render(vm));
        render(vm);
    }

    private void render(NodesViewModel vm) {
        list.getChildren().setAll(vm.rows().stream().map(row -> card(vm, row)).toList());
    }

    private static VBox card(NodesViewModel vm, NodeRow row) {
        Label name = new Label(row.name() + "  " + row.address());
        name.getStyleClass().add(Styles.TITLE_4);
        Label ready = new Label((row.ready() ? "\u2714 " : "\u2716 ") + row.readiness());
        ready.setId("node-readiness-" + row.name());
        ready.getStyleClass().add(row.ready() ? Styles.SUCCESS : Styles.DANGER);
        Label replicas = new Label(row.replicas() + " replicas"
                + (row.schedulingAllowed() ? "" : ", scheduling disabled")
                + (row.evictionRequested() ? ", evicting" : ""));
        replicas.setId("node-summary-" + row.name());
        Button scheduling = new Button(row.schedulingAllowed() ? "Disable scheduling" : "Enable scheduling");
        scheduling.setId("node-scheduling-" + row.name());
        scheduling.setOnAction(e -> vm.setScheduling(row.name(), !row.schedulingAllowed()));
        Button evict = new Button(row.evictionRequested() ? "Cancel eviction" : "Evict");
        evict.setId("node-evict-" + row.name());
        evict.setOnAction(e -> vm.setEviction(row.name(), !row.evictionRequested()));
        HBox header = new HBox(12, name, ready, replicas, scheduling, evict);
        header.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(6, header);
        for (NodeRow.DiskRow disk : row.disks()) {
            ProgressBar used = new ProgressBar(disk.usedFraction());
            used.setPrefWidth(300);
            used.setId("disk-used-" + row.name() + "-" + disk.name());
            ProgressBar scheduled = new ProgressBar(disk.scheduledFraction());
            scheduled.setPrefWidth(300);
            scheduled.getStyleClass().add(Styles.SMALL);
            card.getChildren()
                    .add(new HBox(
                            10,
                            new Label("disk " + disk.name()),
                            new VBox(
                                    2,
                                    new HBox(
                                            6,
                                            used,
                                            new Label("used " + ByteSize.format(disk.used()) + " of "
                                                    + ByteSize.format(disk.size()))),
                                    new HBox(
                                            6,
                                            scheduled,
                                            new Label("allocated to volumes " + ByteSize.format(disk.scheduled()))))));
        }
        card.getStyleClass().add("replica-card");
        card.setPadding(new Insets(10));
        card.setId("node-card-" + row.name());
        return card;
    }
}
