package dev.corral.console.nodes;

import dev.corral.api.model.Node;
import dev.corral.console.connection.ClusterActions;
import dev.corral.console.state.ClusterState;
import dev.corral.console.ui.DialogService;
import dev.corral.console.ui.Tasks;
import java.util.Comparator;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The nodes screen: readiness, disks, replica counts; scheduling on or off, eviction. */
public final class NodesViewModel {
    private final ClusterState state;
    private final ClusterActions actions;
    private final Tasks tasks;
    private final DialogService dialogs;
    private final ObservableList<NodeRow> rows = FXCollections.observableArrayList();
    private final StringProperty error = new SimpleStringProperty("");

    public NodesViewModel(ClusterState state, ClusterActions actions, Tasks tasks, DialogService dialogs) {
        this(state, actions, tasks, dialogs, ClusterState.ALWAYS);
    }

    /** @param showing whether the screen is on view: it is refreshed only then */
    public NodesViewModel(
            ClusterState state,
            ClusterActions actions,
            Tasks tasks,
            DialogService dialogs,
            ObservableBooleanValue showing) {
        this.state = state;
        this.actions = actions;
        this.tasks = tasks;
        this.dialogs = dialogs;
        state.onBatch(showing, this::refresh);
        refresh();
    }

    void refresh() {
        List<NodeRow> next = state.nodes().values().stream()
                .sorted(Comparator.comparing(Node::name))
                .map(n -> NodeRow.of(n, (int) state.replicas().values().stream()
                        .filter(r -> r.spec().nodeId().equals(n.name()))
                        .count()))
                .toList();
        if (!rows.equals(next)) {
            rows.setAll(next);
        }
    }

    public void setScheduling(String node, boolean allow) {
        error.set("");
        tasks.run(
                () -> {
                    actions.setScheduling(node, allow);
                    return node;
                },
                done -> {},
                failure -> error.set((allow ? "Enabling" : "Disabling") + " scheduling on " + node + " failed: "
                        + Tasks.reason(failure)));
    }

    /** Asks for the node's replicas to be moved elsewhere, once the operator confirmed. */
    public void setEviction(String node, boolean requested) {
        if (requested
                && !dialogs.confirm(
                        "Evict node " + node,
                        "Move every replica off node \"" + node + "\"? New replicas are built on other nodes first.")) {
            return;
        }
        error.set("");
        tasks.run(
                () -> {
                    actions.setEviction(node, requested);
                    return node;
                },
                done -> {},
                failure -> error.set("Eviction of " + node + " failed: " + Tasks.reason(failure)));
    }

    public ObservableList<NodeRow> rows() {
        return rows;
    }

    public StringProperty error() {
        return error;
    }
}
