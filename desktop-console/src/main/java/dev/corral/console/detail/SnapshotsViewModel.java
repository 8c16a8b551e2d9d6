package dev.corral.console.detail;

import dev.corral.api.v1.SnapshotInfo;
import dev.corral.console.connection.ClusterActions;
import dev.corral.console.ui.DialogService;
import dev.corral.console.ui.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The selected volume's snapshot tree and its actions: take, revert, delete. Snapshots live in the
 * engine, so the tree is fetched when the volume or its attachment changes and after each action.
 */
public final class SnapshotsViewModel {
    private final ClusterActions actions;
    private final Tasks tasks;
    private final DialogService dialogs;
    private final Supplier<String> volume;
    private final ObservableList<SnapshotRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<List<SnapshotNode>> tree = new SimpleObjectProperty<>(List.of());
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty newName = new SimpleStringProperty("");

    SnapshotsViewModel(ClusterActions actions, Tasks tasks, DialogService dialogs, Supplier<String> volume) {
        this.actions = actions;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.volume = volume;
    }

    /** Nothing to list: the volume is detached (or none is selected). */
    void unavailable(String why) {
        rows.clear();
        tree.set(List.of());
        message.set(why);
    }

    public void load() {
        String name = volume.get();
        if (name == null) {
            return;
        }
        message.set("Loading snapshots…");
        tasks.run(
                () -> actions.snapshots(name),
                layers -> {
                    if (name.equals(volume.get())) {
                        rows.setAll(rows(layers));
                        tree.set(SnapshotNode.tree(layers));
                        message.set(layers.size() <= 1 ? "No snapshots yet" : "");
                    }
                },
                failure -> message.set("Cannot list snapshots: " + Tasks.reason(failure)));
    }

    /** Newest first, the head on top, as operators read a history. */
    static List<SnapshotRow> rows(List<SnapshotInfo> layers) {
        List<SnapshotRow> rows = new ArrayList<>();
        for (SnapshotInfo layer : layers) {
            if (!layer.removed()) {
                rows.add(SnapshotRow.of(layer, SnapshotNode.isHead(layer, layers)));
            }
        }
        return List.copyOf(rows.reversed());
    }

    public void create() {
        String name = volume.get();
        if (name == null) {
            return;
        }
        String wanted = newName.get().isBlank() ? null : newName.get().trim();
        error.set("");
        tasks.run(
                () -> actions.createSnapshot(name, wanted),
                created -> {
                    newName.set("");
                    load();
                },
                failure -> error.set("Snapshot of " + name + " failed: " + Tasks.reason(failure)));
    }

    public void delete(SnapshotRow row) {
        String name = volume.get();
        if (name == null || row == null || row.head()) {
            return;
        }
        if (!dialogs.confirm(
                "Delete snapshot " + row.name(),
                "Delete snapshot \"" + row.name() + "\" of volume \"" + name
                        + "\"? Its data is merged into the next layer.")) {
            return;
        }
        run(() -> actions.deleteSnapshot(name, row.name()), "Deleting snapshot " + row.name());
    }

    /**
     * Makes the volume read as {@code row} again. Everything written since is dropped, so the
     * confirmation says so; the engine refuses while a client has the volume open, and that
     * reason is shown here.
     */
    public void revert(SnapshotRow row) {
        String name = volume.get();
        if (name == null || row == null || row.head()) {
            return;
        }
        if (!dialogs.confirm(
                "Revert " + name + " to " + row.name(),
                "Revert volume \"" + name + "\" to snapshot \"" + row.name()
                        + "\"? Everything written to it since that snapshot is discarded. "
                        + "No workload may have the volume open.")) {
            return;
        }
        run(() -> actions.revertSnapshot(name, row.name()), "Reverting " + name + " to " + row.name());
    }

    private void run(Runnable action, String what) {
        error.set("");
        tasks.run(
                () -> {
                    action.run();
                    return what;
                },
                done -> load(),
                failure -> error.set(what + " failed: " + Tasks.reason(failure)));
    }

    /** Newest first, without removed snapshots. */
    public ObservableList<SnapshotRow> rows() {
        return rows;
    }

    /** The tree, roots oldest first. */
    public ReadOnlyObjectProperty<List<SnapshotNode>> tree() {
        return tree;
    }

    public ReadOnlyStringProperty message() {
        return message;
    }

    public ReadOnlyStringProperty error() {
        return error;
    }

    /** The name for the next snapshot (blank: the engine chooses). */
    public StringProperty newName() {
        return newName;
    }
}
