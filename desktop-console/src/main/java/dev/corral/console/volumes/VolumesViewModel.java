package dev.corral.console.volumes;

import dev.corral.api.model.Node;
import dev.corral.api.model.Volume;
import dev.corral.api.units.ByteSize;
import dev.corral.console.connection.ClusterActions;
import dev.corral.console.state.ClusterState;
import dev.corral.console.ui.DialogService;
import dev.corral.console.ui.Tasks;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The volumes table and every action on a volume. Rows follow the cluster state (one refresh per
 * event batch, rows replaced in place so that the table keeps its selection and scroll); actions
 * run on the background executor and their refusals land in {@link #error()}, next to the buttons.
 */
public final class VolumesViewModel {
    private final ClusterState state;
    private final ClusterActions actions;
    private final Tasks tasks;
    private final DialogService dialogs;

    private final ObservableList<VolumeRow> rows = FXCollections.observableArrayList();
    private final FilteredList<VolumeRow> visibleRows = new FilteredList<>(rows);
    private final StringProperty filter = new SimpleStringProperty("");
    private final StringProperty selected = new SimpleStringProperty();
    private final ObservableList<String> attachNodes = FXCollections.observableArrayList();
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty info = new SimpleStringProperty("");
    private final StringProperty selectedProblem = new SimpleStringProperty("");

    private final StringProperty newName = new SimpleStringProperty("");
    private final StringProperty newSize = new SimpleStringProperty("1Gi");
    private final IntegerProperty newReplicas = new SimpleIntegerProperty(3);
    private final StringProperty nameError = new SimpleStringProperty("");
    private final StringProperty sizeError = new SimpleStringProperty("");
    private final StringProperty replicasError = new SimpleStringProperty("");
    private final BooleanProperty createValid = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();

    public VolumesViewModel(ClusterState state, ClusterActions actions, Tasks tasks, DialogService dialogs) {
        this(state, actions, tasks, dialogs, ClusterState.ALWAYS);
    }

    /** @param showing whether the screen is on view: it is refreshed only then */
    public VolumesViewModel(
            ClusterState state,
            ClusterActions actions,
            Tasks tasks,
            DialogService dialogs,
            ObservableBooleanValue showing) {
        this.state = state;
        this.actions = actions;
        this.tasks = tasks;
        this.dialogs = dialogs;
        filter.addListener((obs, old, text) -> applyFilter(text));
        newName.addListener(obs -> validate());
        newSize.addListener(obs -> validate());
        newReplicas.addListener(obs -> validate());
        selected.addListener(obs -> refreshSelection());
        state.onBatch(showing, this::refresh);
        refresh();
    }

    /** Follows the state: rows in name order, updated in place. */
    void refresh() {
        List<VolumeRow> next = state.volumes().values().stream()
                .map(v -> VolumeRow.of(v, state.replicasOf(v.name())))
                .sorted(Comparator.comparing(VolumeRow::name))
                .toList();
        Set<String> names = next.stream().map(VolumeRow::name).collect(Collectors.toSet());
        rows.removeIf(r -> !names.contains(r.name()));
        for (int i = 0; i < next.size(); i++) {
            VolumeRow row = next.get(i);
            if (i < rows.size() && rows.get(i).name().equals(row.name())) {
                if (!rows.get(i).equals(row)) {
                    rows.set(i, row);
                }
            } else {
                rows.add(i, row);
            }
        }
        List<String> ready = state.nodes().values().stream()
                .filter(Node::ready)
                .map(Node::name)
                .sorted()
                .toList();
        if (!attachNodes.equals(ready)) {
            attachNodes.setAll(ready);
        }
        if (selected.get() != null && !names.contains(selected.get())) {
            selected.set(null);
        }
        refreshSelection();
        validate();
    }

    private void applyFilter(String text) {
        String needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        visibleRows.setPredicate(needle.isEmpty() ? null : row -> matches(row, needle));
    }

    /** A filter matches the name, node, state or robustness ("degraded" finds the degraded ones). */
    static boolean matches(VolumeRow row, String needle) {
        return row.name().contains(needle)
                || row.attachedNode().contains(needle)
                || row.state().name().toLowerCase(Locale.ROOT).contains(needle)
                || row.robustness().name().toLowerCase(Locale.ROOT).contains(needle);
    }

    private void refreshSelection() {
        Volume volume = selected.get() == null ? null : state.volumes().get(selected.get());
        selectedProblem.set(
                volume == null ? "" : VolumeRow.of(volume, List.of()).problem());
    }

    private void validate() {
        VolumeForm.Result result =
                VolumeForm.check(newName.get(), newSize.get(), newReplicas.get(), state.schedulableNodeCount());
        Map<VolumeForm.Field, String> errors =
                result instanceof VolumeForm.Result.Invalid invalid ? invalid.errors() : Map.of();
        // An empty name is not worth a red line before the operator typed anything.
        nameError.set(newName.get().isEmpty() ? "" : errors.getOrDefault(VolumeForm.Field.NAME, ""));
        sizeError.set(errors.getOrDefault(VolumeForm.Field.SIZE, ""));
        replicasError.set(errors.getOrDefault(VolumeForm.Field.REPLICAS, ""));
        createValid.set(result instanceof VolumeForm.Result.Valid);
    }

    public void create() {
        if (!(VolumeForm.check(newName.get(), newSize.get(), newReplicas.get(), state.schedulableNodeCount())
                instanceof VolumeForm.Result.Valid valid)) {
            return;
        }
        String name = valid.request().name();
        act("Creating " + name, () -> actions.createVolume(valid.request()), "Created " + name, () -> {
            newName.set("");
            selected.set(name);
        });
    }

    public void attach(String node) {
        String volume = selected.get();
        if (volume == null || node == null) {
            error.set("Choose a volume and the node to attach it on");
            return;
        }
        act(
                "Attaching " + volume,
                () -> actions.attach(volume, node),
                "Attach of " + volume + " on " + node + " requested",
                () -> {});
    }

    public void detach() {
        String volume = selected.get();
        if (volume != null) {
            act("Detaching " + volume, () -> actions.detach(volume), "Detach of " + volume + " requested", () -> {});
        }
    }

    public void expand(String sizeText) {
        String volume = selected.get();
        if (volume == null) {
            return;
        }
        long size;
        try {
            size = ByteSize.parse(sizeText);
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        act(
                "Expanding " + volume,
                () -> actions.expand(volume, size),
                "Expansion of " + volume + " to " + ByteSize.format(size) + " requested",
                () -> {});
    }

    /** Takes a snapshot of the selected (attached) volume, named by the engine; the tree is on the detail screen. */
    public void snapshot() {
        String volume = selected.get();
        if (volume != null) {
            act(
                    "Taking a snapshot of " + volume,
                    () -> actions.createSnapshot(volume, null),
                    "Snapshot of " + volume + " taken",
                    () -> {});
        }
    }

    /** Deletes the selected volume once the operator confirmed, naming it. */
    public void delete() {
        String volume = selected.get();
        if (volume == null) {
            return;
        }
        if (!dialogs.confirm(
                "Delete volume " + volume,
                "Delete volume \"" + volume + "\" and all its replicas? Its data cannot be recovered.")) {
            return;
        }
        act("Deleting " + volume, () -> actions.deleteVolume(volume), "Deletion of " + volume + " requested", () -> {});
    }

    private void act(String doing, Runnable call, String done, Runnable after) {
        busy.set(true);
        error.set("");
        info.set(doing + "…");
        tasks.run(
                () -> {
                    call.run();
                    return done;
                },
                message -> {
                    busy.set(false);
                    info.set(message);
                    after.run();
                },
                failure -> {
                    busy.set(false);
                    info.set("");
                    error.set(doing + " failed: " + Tasks.reason(failure));
                });
    }

    public ObservableList<VolumeRow> rows() {
        return visibleRows;
    }

    public StringProperty filter() {
        return filter;
    }

    public StringProperty selected() {
        return selected;
    }

    public ObservableList<String> attachNodes() {
        return attachNodes;
    }

    public StringProperty error() {
        return error;
    }

    public StringProperty info() {
        return info;
    }

    /** The server's reason why the selected volume is not as asked (unschedulable replicas). */
    public StringProperty selectedProblem() {
        return selectedProblem;
    }

    public StringProperty newName() {
        return newName;
    }

    public StringProperty newSize() {
        return newSize;
    }

    public IntegerProperty newReplicas() {
        return newReplicas;
    }

    public StringProperty nameError() {
        return nameError;
    }

    public StringProperty sizeError() {
        return sizeError;
    }

    public StringProperty replicasError() {
        return replicasError;
    }

    public BooleanProperty createValid() {
        return createValid;
    }

    public BooleanProperty busy() {
        return busy;
    }
}
