package dev.corral.console.connection;

import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** The status bar: always shows whether the console is live, reconnecting or not connected, and why. */
public final class ConnectionView extends HBox {
    /** @param openConnectDialog shows the connect dialog (profiles, another cluster) */
    public ConnectionView(ConnectionViewModel vm, Runnable openConnectDialog) {
        setId("connection-bar");
        getStyleClass().add("connection-bar");
        setSpacing(8);
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 8, 4, 8));
        Label status = new Label();
        status.setId("connection-status");
        status.textProperty().bind(vm.status().map(s -> "\u25CF " + s.label()));
        vm.status().subscribe(s -> {
            status.getStyleClass().removeIf(c -> c.startsWith("connection-"));
            status.getStyleClass().add("connection-" + s.name().toLowerCase(Locale.ROOT));
        });
        Label message = new Label();
        message.setId("connection-message");
        message.textProperty().bind(vm.message());
        HBox.setHgrow(message, Priority.ALWAYS);
        ProgressBar progress = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        progress.setId("connection-progress");
        progress.visibleProperty().bind(vm.busy());
        progress.managedProperty().bind(vm.busy());
        Button other = new Button("Connect\u2026");
        other.setId("open-connect-dialog");
        other.setOnAction(e -> openConnectDialog.run());
        getChildren().addAll(status, progress, message, other);
    }
}
