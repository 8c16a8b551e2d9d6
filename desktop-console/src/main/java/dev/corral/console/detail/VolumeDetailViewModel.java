package dev.corral.console.detail;

import dev.corral.api.model.Node;
import dev.corral.api.model.Volume;
import dev.corral.api.units.ByteSize;
import dev.corral.console.connection.ClusterActions;
import dev.corral.console.events.ClusterEvent;
import dev.corral.console.io.IoChartViewModel;
import dev.corral.console.io.IoSample;
import dev.corral.console.state.ClusterState;
import dev.corral.console.ui.DialogService;
import dev.corral.console.ui.Robustness;
import dev.corral.console.ui.Tasks;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The selected volume in detail: a card per replica with its live rebuild, its snapshot tree and
 * its I/O. Cards follow the state each batch; snapshots and I/O come from the engine, which runs
 * only while the volume is attached.
 */
public final class VolumeDetailViewModel {
    private final ClusterState state;
    private final StringProperty volume;
    private final StringProperty title = new SimpleStringProperty("");
    private final ObservableList<ReplicaCard> cards = FXCollections.observableArrayList();
    private final SnapshotsViewModel snapshots;
    private final IoChartViewModel io;
    private final FilteredList<ClusterEvent> events;
    private String fetchedFor;

    public VolumeDetailViewModel(
            ClusterState state,
            ClusterActions actions,
            Tasks tasks,
            DialogService dialogs,
            StringProperty volume,
            LongSupplier clock) {
        this.state = state;
        this.volume = volume;
        this.snapshots = new SnapshotsViewModel(actions, tasks, dialogs, volume::get);
        this.io = new IoChartViewModel(
                tasks,
                new IoChartViewModel.Source() {
                    @Override
                    public Callable<IoSample> reading(LongSupplier now) {
                        String name = attachedVolume();
                        return name == null ? null : () -> IoSample.of(now.getAsLong(), actions.volumeStats(name));
                    }

                    @Override
                    public String idleReason() {
                        return volume.get() == null
                                ? ""
                                : "I/O is measured by the engine, which runs while the volume is attached";
                    }
                },
                clock);
        this.events = new FilteredList<>(state.log().events(), e -> e.volume().equals(volume.get()));
        state.version().addListener(obs -> refresh());
        volume.addListener(obs -> {
            io.reset();
            events.setPredicate(e -> e.volume().equals(volume.get()));
            refresh();
        });
        refresh();
    }

    private String attachedVolume() {
        Volume current = volume.get() == null ? null : state.volumes().get(volume.get());
        return current != null && current.status().state() == Volume.State.ATTACHED ? current.name() : null;
    }

    void refresh() {
        Volume current = volume.get() == null ? null : state.volumes().get(volume.get());
        if (current == null) {
            title.set("Select a volume on the Volumes screen");
            cards.clear();
            snapshots.unavailable("");
            fetchedFor = null;
            return;
        }
        title.set(current.name() + "  " + Robustness.text(current.status().robustness()) + "  "
                + current.status().state().name().toLowerCase(Locale.ROOT) + "  "
                + ByteSize.format(current.spec().size())
                + (current.status().currentNodeId().isEmpty()
                        ? ""
                        : " on " + current.status().currentNodeId()));
        List<ReplicaCard> next = state.replicasOf(current.name()).stream()
                .map(r -> ReplicaCard.of(
                        r,
                        state.engines().get(current.name()),
                        nodeReady(r.spec().nodeId())))
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
                snapshots.load();
            } else {
                snapshots.unavailable("Snapshots are listed while the volume is attached");
            }
        }
    }

    private boolean nodeReady(String node) {
        Node known = state.nodes().get(node);
        return known != null && known.ready();
    }

    public ReadOnlyStringProperty title() {
        return title;
    }

    public ObservableList<ReplicaCard> cards() {
        return cards;
    }

    public SnapshotsViewModel snapshots() {
        return snapshots;
    }

    /** The volume's events (its own, its replicas'), newest first. */
    public ObservableList<ClusterEvent> events() {
        return events;
    }

    public IoChartViewModel io() {
        return io;
    }
}
