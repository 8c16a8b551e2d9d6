package dev.corral.console.detail;

import dev.corral.agent.model.Volume;
import dev.corral.console.connection.ClusterActions;
import dev.corral.console.state.ClusterState;
import dev.corral.console.ui.DialogService;
import dev.corral.console.ui.Robustness;
import dev.corral.console.ui.Tasks;
import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.util.ByteSize;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The selected volume in detail: a card per replica with its live rebuild, and its snapshots.
 * Cards follow the state each batch; snapshots come from the engine (only while attached) and are
 * fetched when the volume or its attachment changes and after each snapshot action.
 */
public final class VolumeDetailViewModel {
    private final ClusterState state;
    private final ClusterActions actions;
    private final Tasks tasks;
    private final DialogService dialogs;
    private final StringProperty volume;

    private final StringProperty title = new SimpleStringProperty("");
    private final ObservableList<ReplicaCard> cards = FXCollections.observableArrayList();
    private final ObservableList<SnapshotRow> snapshots = FXCollections.observableArrayList();
    private final StringProperty snapshotMessage = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty newSnapshot = new SimpleStringProperty("");
    private String fetchedFor;

    public VolumeDetailViewModel(
            ClusterState state, ClusterActions actions, Tasks tasks, DialogService dialogs, StringProperty volume) {
        this.state = state;
        this.actions = actions;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.volume = volume;
        state.version().addListener(obs -> refresh());
        volume.addListener(obs -> refresh());
        refresh();
    }

    void refresh() {
        Volume current = volume.get() == null ? null : state.volumes().get(volume.get());
        if (current == null) {
            title.set("Select a volume on the Volumes screen");
            cards.clear();
            snapshots.clear();
            snapshotMessage.set("");
            fetchedFor = null;
            return;
        }
        title.set(current.name() + "  " + Robustness.text(current.status().robustness()) + "  "
                + current.status().state().name().toLowerCase(java.util.Locale.ROOT) + "  "
                + ByteSize.format(current.spec().size())
                + (current.status().currentNodeId().isEmpty()
                        ? ""
                        : " on " + current.status().currentNodeId()));
        List<ReplicaCard> next = state.replicasOf(current.name()).stream()
                .map(r -> ReplicaCard.of(r, state.engines().get(current.name())))
                .toList();
        if (!cards.equals(next)) {
            cards.setAll(next);
        }
        // Snapshots live in the engine: ask again only when the volume or its attachment changed.
        boolean attached = current.status().state() == Volume.State.ATTACHED;
        String key = current.name() + "@" + (attached ? current.status().currentNodeId() : "");
        if (!Objects.equals(key, fetchedFor)) {
            fetchedFor = key;
            if (attached) {
                loadSnapshots();
            } else {
                snapshots.clear();
                snapshotMessage.set("Snapshots are listed while the volume is attached");
            }
        }
    }

    public void loadSnapshots() {
        String name = volume.get();
        if (name == null) {
            return;
        }
        snapshotMessage.set("Loading snapshots…");
        tasks.run(
                () -> actions.snapshots(name),
                layers -> {
                    if (name.equals(volume.get())) {
                        snapshots.setAll(rows(layers));
                        snapshotMessage.set(layers.size() <= 1 ? "No snapshots yet" : "");
                    }
                },
                failure -> snapshotMessage.set("Cannot list snapshots: " + Tasks.reason(failure)));
    }

    /** Newest first, the head on top, as operators read a history. */
    static List<SnapshotRow> rows(List<LayerInfo> layers) {
        List<SnapshotRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerInfo layer = layers.get(i);
            if (layer.removed()) {
                continue;
            }
            boolean head = layer.active()
                    && layers.stream().noneMatch(l -> layer.name().equals(l.parent()) && l.active());
            rows.add(SnapshotRow.of(layer, head));
        }
        return List.copyOf(rows.reversed());
    }

    public void createSnapshot() {
        String name = volume.get();
        if (name == null) {
            return;
        }
        String wanted = newSnapshot.get().isBlank() ? null : newSnapshot.get().trim();
        error.set("");
        tasks.run(
                () -> actions.createSnapshot(name, wanted),
                created -> {
                    newSnapshot.set("");
                    loadSnapshots();
                },
                failure -> error.set("Snapshot of " + name + " failed: " + Tasks.reason(failure)));
    }

    public void deleteSnapshot(SnapshotRow row) {
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
        error.set("");
        tasks.run(
                () -> {
                    actions.deleteSnapshot(name, row.name());
                    return row;
                },
                deleted -> loadSnapshots(),
                failure -> error.set("Deleting snapshot " + row.name() + " failed: " + Tasks.reason(failure)));
    }

    public ReadOnlyStringProperty title() {
        return title;
    }

    public ObservableList<ReplicaCard> cards() {
        return cards;
    }

    public ObservableList<SnapshotRow> snapshots() {
        return snapshots;
    }

    public ReadOnlyStringProperty snapshotMessage() {
        return snapshotMessage;
    }

    public ReadOnlyStringProperty error() {
        return error;
    }

    public StringProperty newSnapshot() {
        return newSnapshot;
    }
}
