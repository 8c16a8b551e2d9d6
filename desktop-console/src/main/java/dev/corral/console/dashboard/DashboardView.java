package dev.corral.console.dashboard;

import atlantafx.base.theme.Styles;
import dev.corral.engine.util.ByteSize;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Tiles of counts (each with an id, e.g. {@code dash-degraded}) and storage bars. Storage on a
 * local cluster is one shared filesystem counted once per node, as each node reports it.
 */
public final class DashboardView extends VBox {
    public DashboardView(DashboardViewModel vm) {
        setId("dashboard-view");
        setSpacing(14);
        setPadding(new Insets(12));
        vm.summary().subscribe(summary -> render(summary));
    }

    private void render(DashboardViewModel.Summary s) {
        FlowPane volumes = new FlowPane(
                10,
                10,
                tile("dash-healthy", "Healthy", s.healthy(), "robustness-healthy"),
                tile("dash-degraded", "Degraded", s.degraded(), "robustness-degraded"),
                tile("dash-faulted", "Faulted", s.faulted(), "robustness-faulted"),
                tile("dash-unknown", "Unknown", s.unknown(), "robustness-unknown"),
                tile("dash-detached", "Detached", s.detached(), "robustness-unknown"));
        FlowPane nodes = new FlowPane(
                10,
                10,
                tile("dash-nodes-ready", "Ready", s.nodesReady(), "robustness-healthy"),
                tile("dash-nodes-down", "Down", s.nodesDown(), "robustness-faulted"),
                tile("dash-nodes-unschedulable", "Unschedulable", s.nodesUnschedulable(), "robustness-degraded"));
        VBox storage = new VBox(
                6,
                bar("Used", s.used(), s.total()),
                bar("Allocated to volumes", s.scheduled(), s.total()),
                bar("Reserved", s.reserved(), s.total()),
                new Label("Total " + ByteSize.format(Math.max(0, s.total()))));
        getChildren().setAll(title("Volumes"), volumes, title("Nodes"), nodes, title("Storage"), storage);
    }

    private static Label title(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TITLE_4);
        return label;
    }

    private static VBox tile(String id, String name, int count, String style) {
        Label number = new Label(Integer.toString(count));
        number.setId(id);
        number.getStyleClass().addAll(Styles.TITLE_1, style);
        VBox tile = new VBox(2, number, new Label(name));
        tile.getStyleClass().add("replica-card");
        tile.setPadding(new Insets(10, 18, 10, 18));
        return tile;
    }

    private static HBox bar(String name, long bytes, long total) {
        ProgressBar bar = new ProgressBar(total > 0 ? Math.min(1, (double) bytes / total) : 0);
        bar.setPrefWidth(360);
        Label label = new Label(name + " " + ByteSize.format(Math.max(0, bytes)));
        label.setMinWidth(220);
        return new HBox(10, label, bar);
    }
}
