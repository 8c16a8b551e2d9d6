package dev.corral.console.drill;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The failure drill: Run, Cancel, and each step's status and result (ids {@code drill-step-ID}). */
public final class DrillView extends VBox {
    private final GridPane steps = new GridPane(12, 8);

    public DrillView(DrillViewModel vm) {
        setId("drill-view");
        setSpacing(12);
        setPadding(new Insets(12));
        Label title = new Label("Failure drill");
        title.getStyleClass().add(Styles.TITLE_3);
        Label summary = new Label();
        summary.setId("drill-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summary());
        Button run = new Button("Run the drill");
        run.setId("drill-run");
        run.getStyleClass().add(Styles.ACCENT);
        run.disableProperty().bind(vm.running());
        run.setOnAction(e -> vm.run());
        Button cancel = new Button("Cancel");
        cancel.setId("drill-cancel");
        cancel.disableProperty().bind(vm.running().not());
        cancel.setOnAction(e -> vm.cancel());
        CheckBox delete = new CheckBox("Delete the test volume afterwards");
        delete.setId("drill-delete-after");
        delete.selectedProperty().bindBidirectional(vm.deleteAfter());
        delete.disableProperty().bind(vm.running());
        vm.rows().addListener((ListChangeListener<DrillStep.Report>) change -> render(vm));
        render(vm);
        getChildren().addAll(title, summary, new HBox(10, run, cancel, delete), steps);
    }

    private void render(DrillViewModel vm) {
        steps.getChildren().clear();
        int row = 0;
        for (DrillStep.Report report : vm.rows()) {
            Label number = new Label((row + 1) + ".");
            Label name = new Label(report.step().title());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            Label status = new Label(
                    glyph(report.status()) + " " + report.status().name().toLowerCase(Locale.ROOT));
            status.setId("drill-status-" + report.step().id());
            status.getStyleClass().add(style(report.status()));
            Label result = new Label(report.result());
            result.setId("drill-step-" + report.step().id());
            result.setWrapText(true);
            result.setMaxWidth(760);
            steps.addRow(row++, number, name, status, result);
        }
    }

    private static String glyph(DrillStep.Status status) {
        return switch (status) {
            case PENDING -> "\u25CB";
            case RUNNING -> "\u25D4";
            case PASSED -> "\u2714";
            case FAILED -> "\u2716";
            case SKIPPED -> "\u2013";
        };
    }

    private static String style(DrillStep.Status status) {
        return switch (status) {
            case PASSED -> "robustness-healthy";
            case RUNNING -> "robustness-degraded";
            case FAILED -> "robustness-faulted";
            case PENDING, SKIPPED -> "robustness-unknown";
        };
    }
}
