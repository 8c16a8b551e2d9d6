package dev.corral.console.connection;

import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Volume;
import dev.corral.api.v1.ClusterIo;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeIo;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.console.state.ClusterState;
import dev.corral.console.ui.Tasks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The connection to one cluster and its state as the status bar shows it. The event stream
 * reconnects by itself and says nothing while it does, so health comes from a probe of the API
 * every few seconds: a failed probe shows RECONNECTING with the reason, the next good one
 * CONNECTED again.
 */
public final class ConnectionViewModel implements AutoCloseable {
    private final Tasks tasks;
    private final Connector connector;
    private final ClusterState state;
    private final ObjectProperty<ConnectionStatus> status = new SimpleObjectProperty<>(ConnectionStatus.CONNECTING);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper target = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private volatile Link link;
    private volatile ConnectionTarget current;
    private ScheduledFuture<?> probes;

    public ConnectionViewModel(Tasks tasks, Connector connector, ClusterState state) {
        this.tasks = tasks;
        this.connector = connector;
        this.state = state;
        state.synced().addListener((obs, was, synced) -> {
            if (synced && status.get() == ConnectionStatus.CONNECTING && link != null) {
                status.set(ConnectionStatus.CONNECTED);
                message.set("Live: " + target.get());
            }
        });
    }

    /** Opens a connection to {@code where}, closing the current one. */
    public void connect(ConnectionTarget where) {
        closeLink();
        state.clear();
        target.set(where.describe());
        current = where;
        busy.set(true);
        status.set(
                where instanceof ConnectionTarget.Local
                        ? ConnectionStatus.STARTING_LOCAL
                        : ConnectionStatus.CONNECTING);
        message.set("Connecting to " + where.describe());
        tasks.run(
                () -> connector.open(where, step -> tasks.ui().execute(() -> message.set(step))),
                opened -> {
                    link = opened;
                    busy.set(false);
                    status.set(state.synced().get() ? ConnectionStatus.CONNECTED : ConnectionStatus.CONNECTING);
                    message.set(state.synced().get() ? "Live: " + where.describe() : "Loading the cluster's state");
                },
                failure -> {
                    busy.set(false);
                    status.set(ConnectionStatus.FAILED);
                    message.set("Cannot connect to " + where.describe() + ": " + Tasks.reason(failure));
                });
    }

    /** Probes every {@code interval} on {@code timer} while connected. */
    public void startProbing(ScheduledExecutorService timer, Duration interval) {
        long millis = interval.toMillis();
        probes =
                timer.scheduleAtFixedRate(() -> tasks.ui().execute(this::probe), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Checks the API once (off the UI thread) and updates the status; called on the UI thread. */
    public void probe() {
        Link current = link;
        if (current == null) {
            return;
        }
        tasks.run(
                () -> {
                    current.probe();
                    return current;
                },
                ok -> {
                    if (link == ok && status.get() == ConnectionStatus.RECONNECTING) {
                        status.set(state.synced().get() ? ConnectionStatus.CONNECTED : ConnectionStatus.CONNECTING);
                        message.set("Live: " + target.get());
                    }
                },
                failure -> {
                    if (link == current) {
                        status.set(ConnectionStatus.RECONNECTING);
                        message.set("Lost " + target.get() + " (" + Tasks.reason(failure)
                                + "); showing the last known state while reconnecting");
                    }
                });
    }

    /** The actions on the current connection; refused with a clear reason while there is none. */
    public ClusterActions actions() {
        return new ClusterActions() {
            @Override
            public void createVolume(VolumeRequest request) {
                current().createVolume(request);
            }

            @Override
            public void attach(String volume, String node) {
                current().attach(volume, node);
            }

            @Override
            public void detach(String volume) {
                current().detach(volume);
            }

            @Override
            public void expand(String volume, long size) {
                current().expand(volume, size);
            }

            @Override
            public void deleteVolume(String volume) {
                current().deleteVolume(volume);
            }

            @Override
            public void setScheduling(String node, boolean allow) {
                current().setScheduling(node, allow);
            }

            @Override
            public void setEviction(String node, boolean requested) {
                current().setEviction(node, requested);
            }

            @Override
            public List<SnapshotInfo> snapshots(String volume) {
                return current().snapshots(volume);
            }

            @Override
            public String createSnapshot(String volume, String name) {
                return current().createSnapshot(volume, name);
            }

            @Override
            public void deleteSnapshot(String volume, String snapshot) {
                current().deleteSnapshot(volume, snapshot);
            }

            @Override
            public void revertSnapshot(String volume, String snapshot) {
                current().revertSnapshot(volume, snapshot);
            }

            @Override
            public VolumeIo volumeStats(String volume) {
                return current().volumeStats(volume);
            }

            @Override
            public ClusterIo clusterStats() {
                return current().clusterStats();
            }

            @Override
            public Optional<Volume> volume(String name) {
                return current().volume(name);
            }

            @Override
            public List<Node> nodes() {
                return current().nodes();
            }

            @Override
            public List<Replica> replicasOf(String volume) {
                return current().replicasOf(volume);
            }
        };
    }

    private Link current() {
        Link current = link;
        if (current == null) {
            throw new IllegalStateException("not connected to a cluster");
        }
        return current;
    }

    /** Where the console is (or is being) connected; null before the first connect. */
    public ConnectionTarget target() {
        return current;
    }

    public ReadOnlyObjectProperty<ConnectionStatus> status() {
        return status;
    }

    public ReadOnlyStringProperty message() {
        return message.getReadOnlyProperty();
    }

    /** True while a connection is being opened (the local cluster may take tens of seconds). */
    public ReadOnlyBooleanProperty busy() {
        return busy.getReadOnlyProperty();
    }

    private void closeLink() {
        if (link != null) {
            link.close();
            link = null;
        }
    }

    @Override
    public void close() {
        if (probes != null) {
            probes.cancel(false);
        }
        closeLink();
    }
}
