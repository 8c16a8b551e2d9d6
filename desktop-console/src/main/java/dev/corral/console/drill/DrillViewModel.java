package dev.corral.console.drill;

import dev.corral.console.drill.DrillStep.Status;
import dev.corral.console.ui.Tasks;
import java.util.Arrays;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The failure drill panel: a row per step with its status and result, Run and Cancel. The drill
 * runs on the background executor; its reports are applied on the UI thread.
 */
public final class DrillViewModel {
    /** Makes a drill (the composition root knows against which cluster and how nodes stop). */
    public interface Factory {
        FailureDrill make(boolean cleanUp, Consumer<DrillStep.Report> reports);
    }

    private final Tasks tasks;
    private final Factory drills;
    private final ObservableList<DrillStep.Report> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(
            "Runs the failure test operators do by hand: data written to a volume must survive the loss"
                    + " of its node, and the node's replica must be rebuilt when it returns.");
    private final BooleanProperty deleteAfter = new SimpleBooleanProperty(true);
    private FailureDrill drill;

    public DrillViewModel(Tasks tasks, Factory drills) {
        this.tasks = tasks;
        this.drills = drills;
        reset();
    }

    private void reset() {
        rows.setAll(Arrays.stream(DrillStep.values())
                .map(step -> new DrillStep.Report(step, Status.PENDING, ""))
                .toList());
    }

    public void run() {
        if (running.get()) {
            return;
        }
        reset();
        running.set(true);
        summary.set("Running…");
        drill = drills.make(deleteAfter.get(), report -> tasks.ui().execute(() -> show(report)));
        FailureDrill started = drill;
        tasks.run(
                started::run,
                passed -> {
                    running.set(false);
                    summary.set(
                            passed
                                    ? "Passed: the data survived the node's loss and its replica was rebuilt."
                                    : "Failed at the step marked; the reason is beside it.");
                },
                failure -> {
                    running.set(false);
                    summary.set("The drill stopped: " + Tasks.reason(failure));
                });
    }

    public void cancel() {
        if (drill != null && running.get()) {
            drill.cancel();
            summary.set("Cancelling at the next wait…");
        }
    }

    private void show(DrillStep.Report report) {
        rows.set(report.step().ordinal(), report);
    }

    public ObservableList<DrillStep.Report> rows() {
        return rows;
    }

    public ReadOnlyBooleanProperty running() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summary() {
        return summary.getReadOnlyProperty();
    }

    public BooleanProperty deleteAfter() {
        return deleteAfter;
    }
}
