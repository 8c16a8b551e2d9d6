package dev.corral.console;

import dev.corral.api.client.ClusterClient;
import dev.corral.api.client.CorralHome;
import dev.corral.console.connection.ClusterActions;
import dev.corral.console.connection.ClusterConnector;
import dev.corral.console.connection.ConnectionTarget;
import dev.corral.console.connection.ConnectionView;
import dev.corral.console.connection.ConnectionViewModel;
import dev.corral.console.connection.LocalClusterCommands;
import dev.corral.console.dashboard.DashboardView;
import dev.corral.console.dashboard.DashboardViewModel;
import dev.corral.console.detail.VolumeDetailView;
import dev.corral.console.detail.VolumeDetailViewModel;
import dev.corral.console.drill.BlockIo;
import dev.corral.console.drill.DrillView;
import dev.corral.console.drill.DrillViewModel;
import dev.corral.console.drill.FailureDrill;
import dev.corral.console.drill.NodePower;
import dev.corral.console.io.IoChartViewModel;
import dev.corral.console.io.IoSample;
import dev.corral.console.nodes.NodesView;
import dev.corral.console.nodes.NodesViewModel;
import dev.corral.console.placement.PlacementView;
import dev.corral.console.placement.PlacementViewModel;
import dev.corral.console.profiles.ConnectDialog;
import dev.corral.console.profiles.ConnectDialogViewModel;
import dev.corral.console.profiles.ProfileStore;
import dev.corral.console.profiles.SecretVault;
import dev.corral.console.state.ClusterState;
import dev.corral.console.state.EventBatcher;
import dev.corral.console.ui.DialogService;
import dev.corral.console.ui.Tasks;
import dev.corral.console.volumes.VolumesView;
import dev.corral.console.volumes.VolumesViewModel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;

/**
 * The composition root: the one place where the console's objects are made and wired. Screens get
 * what they need through their constructors; nothing is looked up.
 */
public final class Console implements AutoCloseable {
    private final ExecutorService background = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("console-io-", 0).factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("console-timer").factory());
    private final EventBatcher events;
    private final ConnectionViewModel connection;
    private final BorderPane root = new BorderPane();

    public Console(ConsoleConfig config, DialogService dialogs) {
        ClusterState state = new ClusterState();
        Tasks tasks = new Tasks(background, Platform::runLater);
        events = new EventBatcher(state, Platform::runLater);
        connection = new ConnectionViewModel(tasks, new ClusterConnector(events), state);

        ClusterActions actions = connection.actions();
        Tab dashboardTab = tab("Dashboard", "tab-dashboard");
        Tab volumesTab = tab("Volumes", "tab-volumes");
        Tab detailTab = tab("Volume detail", "tab-detail");
        Tab placementTab = tab("Placement", "tab-placement");
        Tab nodesTab = tab("Nodes", "tab-nodes");
        Tab drillTab = tab("Failure drill", "tab-drill");
        // Each screen follows the state only while it is on view (ClusterState.onBatch).
        VolumesViewModel volumes = new VolumesViewModel(state, actions, tasks, dialogs, volumesTab.selectedProperty());
        IoChartViewModel clusterIo = new IoChartViewModel(
                tasks, now -> () -> IoSample.of(now.getAsLong(), actions.clusterStats()), System::currentTimeMillis);
        VolumeDetailViewModel detail = new VolumeDetailViewModel(
                state, actions, tasks, dialogs, volumes.selected(), System::currentTimeMillis);
        dashboardTab.setContent(new DashboardView(
                new DashboardViewModel(state, dashboardTab.selectedProperty()),
                clusterIo,
                state.log().events()));
        volumesTab.setContent(new VolumesView(volumes));
        detailTab.setContent(new VolumeDetailView(detail));
        placementTab.setContent(new PlacementView(new PlacementViewModel(state, placementTab.selectedProperty())));
        nodesTab.setContent(
                new NodesView(new NodesViewModel(state, actions, tasks, dialogs, nodesTab.selectedProperty())));
        drillTab.setContent(new DrillView(new DrillViewModel(
                tasks,
                (cleanUp, reports) -> new FailureDrill(
                        actions,
                        powerFor(connection.target()),
                        BlockIo.nbd(Duration.ofSeconds(30)),
                        Clock.systemUTC(),
                        Duration.ofMinutes(3),
                        cleanUp,
                        reports))));
        // I/O is polled only for a chart on screen (see IoChartViewModel).
        clusterIo.active().bind(dashboardTab.selectedProperty());
        detail.io().active().bind(detailTab.selectedProperty());
        TabPane tabs = new TabPane(dashboardTab, volumesTab, detailTab, placementTab, nodesTab, drillTab);
        // Operators open the console to see their volumes; the dashboard is one click away.
        tabs.getSelectionModel().select(1);
        tabs.setId("screens");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        root.setId("console-root");
        root.setCenter(tabs);
        ConnectDialogViewModel connect = new ConnectDialogViewModel(
                new ProfileStore(config.profilesDir()),
                new SecretVault(config.profilesDir()),
                Console::probe,
                tasks,
                dialogs,
                config.target() instanceof ConnectionTarget.Local local
                        ? local
                        : new ConnectionTarget.Local(
                                CorralHome.fromEnvironment().localCluster(), 3),
                connection::connect);
        root.setBottom(new ConnectionView(
                connection, () -> new ConnectDialog(root.getScene().getWindow(), connect).show()));
        root.getStylesheets().add(Console.class.getResource("console.css").toExternalForm());

        events.start(timer, config.batchInterval());
        timer.scheduleAtFixedRate(
                () -> Platform.runLater(() -> {
                    clusterIo.poll();
                    detail.io().poll();
                }),
                1,
                1,
                TimeUnit.SECONDS);
        connection.startProbing(timer, config.probeInterval());
        connection.connect(config.target());
    }

    /** The same check the status bar makes: the API answers a cheap request with these credentials. */
    private static void probe(ConnectionTarget.Remote target) {
        try (ClusterClient client = new ClusterClient(target.endpoint())) {
            client.store().revision();
        }
    }

    /** The local cluster's nodes are processes the console can stop; a remote cluster's are not. */
    private static NodePower powerFor(ConnectionTarget target) {
        return switch (target) {
            case ConnectionTarget.Local local -> new NodePower.Local(new LocalClusterCommands(local.dir()));
            case ConnectionTarget.Remote remote -> new NodePower.Manual();
            case null -> throw new IllegalStateException("not connected to a cluster");
        };
    }

    private static Tab tab(String title, String id) {
        Tab tab = new Tab(title);
        tab.setId(id);
        return tab;
    }

    public Parent root() {
        return root;
    }

    @Override
    public void close() {
        events.close();
        connection.close();
        timer.shutdownNow();
        background.shutdownNow();
    }
}
