package dev.corral.console.events;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** A table of events, newest on top: when, severity (glyph and colour), what, and what happened. */
public final class EventsView extends TableView<ClusterEvent> {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    public EventsView(ObservableList<ClusterEvent> events, String id) {
        super(events);
        setId(id);
        setPlaceholder(new Label("No events since the console connected"));
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        setPrefHeight(170);
        TableColumn<ClusterEvent, String> severity =
                column("", e -> e.severity() == ClusterEvent.Severity.WARNING ? "\u26A0" : "\u2139");
        severity.setMaxWidth(40);
        severity.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String glyph, boolean empty) {
                super.updateItem(glyph, empty);
                setText(empty ? null : glyph);
                getStyleClass().removeAll("robustness-degraded");
                if (!empty && "\u26A0".equals(glyph)) {
                    getStyleClass().add("robustness-degraded");
                }
            }
        });
        TableColumn<ClusterEvent, String> when = column("Time", e -> WHEN.format(e.at()));
        when.setMaxWidth(90);
        TableColumn<ClusterEvent, String> object = column("Object", ClusterEvent::object);
        object.setPrefWidth(200);
        object.setMaxWidth(280);
        getColumns().setAll(List.of(severity, when, object, column("Event", ClusterEvent::message)));
    }

    private static TableColumn<ClusterEvent, String> column(String title, Function<ClusterEvent, String> value) {
        TableColumn<ClusterEvent, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setSortable(false);
        return column;
    }
}
