package dev.corral.console.dashboard;

import atlantafx.base.theme.Styles;
import dev.corral.api.units.ByteSize;
import dev.corral.console.events.ClusterEvent;
import dev.corral.console.events.EventsView;
import dev.corral.console.io.IoChartView;
import dev.corral.console.io.IoChartViewModel;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Side;
import javafx.scene.chart.PieChart;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Tiles of counts (each with an id, e.g. {@code dash-degraded}) and storage bars. Storage on a
 * local cluster is one shared filesystem counted once per node, as each node reports it.
 */
public final class DashboardView extends VBox {
    private final VBox summaryBox = new VBox(14);
    private final PieChart storageChart = new PieChart();

    public DashboardView(DashboardViewModel vm, IoChartViewModel io, ObservableList<ClusterEvent> events) {
        setId("dashboard-view");
        storageChart.setId("dash-storage-chart");
        storageChart.setAnimated(false);
        storageChart.setLegendVisible(true);
        storageChart.setLegendSide(Side.RIGHT);
        storageChart.setLabelsVisible(false);
        storageChart.setPrefSize(420, 170);
        storageChart.setMinSize(260, 150);
        vm.summary().subscribe(summary -> render(summary));
        VBox content = new VBox(
                14,
                summaryBox,
                title("Recent events"),
                new EventsView(events, "dash-events"),
                title("Cluster I/O"),
                new IoChartView(io, "dash"));
        content.setPadding(new Insets(12));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        getChildren().add(scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
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
        VBox bars = new VBox(
                6,
                bar("Used", s.used(), s.total()),
                bar("Reserved", s.reserved(), s.total()),
                bar("Schedulable", s.schedulable(), s.total()),
                bar("Allocated to volumes", s.scheduled(), s.total()),
                new Label("Total " + ByteSize.format(Math.max(0, s.total()))));
        // The pie splits the disks' capacity: used, free but kept in reserve, free for replicas.
        long free = Math.max(0, s.total() - s.used());
        long reserveFree = Math.min(free, s.reserved());
        storageChart
                .getData()
                .setAll(
                        new PieChart.Data("Used " + ByteSize.format(Math.max(0, s.used())), Math.max(0, s.used())),
                        new PieChart.Data("Reserved " + ByteSize.format(reserveFree), reserveFree),
                        new PieChart.Data("Schedulable " + ByteSize.format(s.schedulable()), s.schedulable()));
        HBox storage = new HBox(20, bars, storageChart);
        HBox counts = new HBox(40, new VBox(8, title("Volumes"), volumes), new VBox(8, title("Nodes"), nodes));
        summaryBox.getChildren().setAll(counts, title("Storage"), storage);
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
