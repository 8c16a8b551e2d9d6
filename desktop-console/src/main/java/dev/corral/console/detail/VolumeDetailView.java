package dev.corral.console.detail;

import atlantafx.base.theme.Styles;
import dev.corral.console.events.EventsView;
import dev.corral.console.io.IoChartView;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Replica cards with live rebuild bars, the snapshot tree and its actions, the volume's I/O. */
public final class VolumeDetailView extends VBox {
    private final FlowPane cardPane = new FlowPane(10, 10);

    public VolumeDetailView(VolumeDetailViewModel vm) {
        setId("detail-view");
        Label title = new Label();
        title.setId("detail-title");
        title.getStyleClass().add(Styles.TITLE_3);
        title.textProperty().bind(vm.title());
        cardPane.setId("replica-cards");
        vm.cards().addListener((ListChangeListener<ReplicaCard>) change -> renderCards(vm));
        renderCards(vm);

        Label replicas = new Label("Replicas");
        replicas.getStyleClass().add(Styles.TITLE_4);
        Label snaps = new Label("Snapshots");
        snaps.getStyleClass().add(Styles.TITLE_4);
        Label io = new Label("I/O");
        io.getStyleClass().add(Styles.TITLE_4);
        IoChartView charts = new IoChartView(vm.io(), "detail");
        Label events = new Label("Events");
        events.getStyleClass().add(Styles.TITLE_4);
        VBox content = new VBox(
                10,
                title,
                replicas,
                cardPane,
                events,
                new EventsView(vm.events(), "detail-events"),
                snaps,
                new SnapshotsView(vm.snapshots()),
                io,
                charts);
        content.setPadding(new Insets(10));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        getChildren().add(scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
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
        mode.getStyleClass().add("mode-" + card.mode().toLowerCase(Locale.ROOT).replace(' ', '-'));
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
