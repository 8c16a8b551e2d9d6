package dev.corral.console.it;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.api.store.ConflictException;
import dev.corral.console.Console;
import dev.corral.console.ConsoleConfig;
import dev.corral.console.connection.ConnectionTarget;
import dev.corral.console.events.ClusterEvent;
import dev.corral.console.ui.FxDialogService;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.SystemTest;
import dev.corral.local.LocalCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console's real UI (JavaFX's headless platform) against a real local cluster of separate
 * processes: a volume created through the form lands on three nodes in the placement map; a node
 * killed turns it degraded there and in the table; the node back, the replica is rebuilt (WO with
 * its percent) until the volume is healthy. Nodes are found by id only.
 */
@ExtendWith(ApplicationExtension.class)
@SystemTest
class ConsoleClusterTest {
    private static final Duration SLOW = Duration.ofSeconds(120);
    private static final long DATA = 96L << 20;

    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    private static ClusterClient api;
    private Console console;
    private static volatile List<String> lastEvents = List.of();

    @BeforeAll
    static void cluster() throws IOException {
        ExternalCommand.requireTool("nbdcopy");
        cluster = new LocalCluster(dir.resolve("cluster"));
        cluster.up(3);
        api = new ClusterClient(cluster.endpoint().orElseThrow());
        // Short timers, as the cluster tests use: a killed node is marked down after 6 s.
        while (true) {
            Settings current = api.store().get(Kind.SETTINGS, Settings.NAME).orElseThrow();
            try {
                api.store().update(current.withSpec(current.spec().withNodeDownTimeout(6)));
                break;
            } catch (ConflictException raced) {
                // read again
            }
        }
        Await.until(
                SLOW,
                "3 nodes ready",
                () -> api.store().list(Kind.NODE).stream().filter(Node::ready).count() == 3);
    }

    @AfterAll
    static void down() throws IOException {
        if (api != null) {
            api.close();
        }
        if (cluster != null) {
            cluster.down();
        }
    }

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        // The console reuses the running cluster, as `./corral console` does with the default one.
        console =
                new Console(ConsoleConfig.of(new ConnectionTarget.Local(cluster.dir(), 3)), new FxDialogService(stage));
        stage.setScene(new Scene(console.root(), 1400, 850));
        stage.show();
    }

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void createdVolumeIsPlacedThenDegradedByANodeLossAndRebuiltWhenItReturns(FxRobot robot) throws Exception {
        await(robot, "connected", () -> text(robot, "#connection-status").contains("Connected"));

        robot.clickOn("#new-volume-name").write("v1");
        robot.doubleClickOn("#new-volume-size").eraseText(8).write("512Mi");
        robot.clickOn("#create-volume");
        await(
                robot,
                "v1 in the table",
                () -> robot.lookup("#robustness-v1").tryQuery().isPresent());

        robot.clickOn("#tab-placement");
        await(
                robot,
                "3 replicas of v1 on 3 nodes",
                () -> served(robot, "node-1") && served(robot, "node-2") && served(robot, "node-3"));

        robot.clickOn("#tab-volumes");
        robot.clickOn("#robustness-v1");
        ComboBox<String> node = robot.lookup("#attach-node").queryComboBox();
        robot.interact(() -> node.getSelectionModel().select("node-1"));
        robot.clickOn("#attach-volume");
        await(
                robot,
                "v1 attached and healthy",
                () -> text(robot, "#robustness-v1").contains("healthy")
                        && api.store()
                                        .get(Kind.VOLUME, "v1")
                                        .orElseThrow()
                                        .status()
                                        .state()
                                == Volume.State.ATTACHED);

        robot.clickOn("#tab-placement");
        await(robot, "every replica RW", () -> text(robot, "#cell-v1-node-2").equals("RW"));
        cluster.killNode("node-2");
        await(robot, "v1 degraded on the map", () -> text(robot, "#volume-v1").contains("degraded"));
        assertThat(text(robot, "#cell-v1-node-2")).isIn("ERR", "FAILED", "STOPPED");
        // The engine notices the lost replica at once; the node is marked down after its timeout.
        await(robot, "node-2 shown down", () -> text(robot, "#node-node-2").contains("(down)"));
        robot.clickOn("#tab-dashboard");
        try {
            await(robot, "the loss in the dashboard's recent events", () -> {
                List<String> events = events(robot, "#dash-events");
                lastEvents = events;
                return events.stream().anyMatch(e -> e.startsWith("node-2 is down"))
                        && events.stream().anyMatch(e -> e.startsWith("v1 is \u25B2 degraded"));
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the dashboard's events: " + lastEvents, e);
        }
        robot.clickOn("#tab-placement");

        // Writes while degraded are what the returning replica must be given.
        String uri = api.store().get(Kind.VOLUME, "v1").orElseThrow().status().endpoint();
        writeRandom(dir.resolve("data.bin"), uri, 7);

        cluster.startNode("node-2");
        Set<String> seen = new LinkedHashSet<>();
        await(robot, "v1 healthy again", () -> {
            seen.add(text(robot, "#cell-v1-node-2"));
            return text(robot, "#volume-v1").contains("healthy")
                    && text(robot, "#cell-v1-node-2").equals("RW");
        });
        assertThat(seen)
                .as("the returning replica was shown being rebuilt with its progress")
                .anyMatch(label -> label.matches("WO \\d+%"));

        robot.clickOn("#tab-volumes");
        assertThat(text(robot, "#robustness-v1")).contains("healthy");

        snapshotRevertAndLiveIo(robot, uri);
    }

    /**
     * On the detail screen: writes show in the volume's I/O chart; a snapshot taken in the form
     * appears in the tree; data written after it is gone once the volume is reverted to it.
     */
    private void snapshotRevertAndLiveIo(FxRobot robot, String uri) throws Exception {
        robot.clickOn("#tab-detail");
        assertThat(events(robot, "#detail-events"))
                .as("the volume's own events, and only its")
                .anyMatch(e -> e.startsWith("v1 is \u25B2 degraded"))
                .anyMatch(e -> e.startsWith("v1 is \u2714 healthy"))
                .noneMatch(e -> e.startsWith("node-2"));
        Path later = dir.resolve("later.bin");
        byte[] random = new byte[1 << 20];
        new Random(3).nextBytes(random);
        // Random, not zeros: nbdcopy sends runs of zeros as WRITE_ZEROES, which is not a WRITE.
        Files.write(later, random);
        // Writing until the chart shows it: the rate covers the engine's last second only.
        await(robot, "writes in the volume's I/O chart", () -> {
            ExternalCommand.run(Duration.ofSeconds(60), "nbdcopy", later.toString(), uri);
            return text(robot, "#detail-io-now").matches(".*write [1-9][\\d,]* IOPS.*");
        });

        robot.clickOn("#snapshot-name").write("before-change");
        robot.clickOn("#create-snapshot");
        await(
                robot,
                "the snapshot in the tree",
                () -> !text(robot, "#snapshot-before-change").isEmpty());
        writeRandom(dir.resolve("change.bin"), uri, 11);

        robot.clickOn("#snapshot-before-change");
        robot.clickOn("#revert-snapshot");
        DialogPane confirm = robot.lookup("#confirm-dialog").queryAs(DialogPane.class);
        assertThat(confirm.getContentText()).contains("\"before-change\"").contains("discarded");
        robot.interact(() -> ((Button) confirm.lookupButton(ButtonType.OK)).fire());
        await(
                robot,
                "the head started again on the snapshot",
                () -> text(robot, "#snapshot-head").endsWith(" 0 B"));
        assertThat(text(robot, "#snapshot-error")).isEmpty();

        Path back = dir.resolve("back.bin");
        ExternalCommand.run(Duration.ofSeconds(120), "nbdcopy", uri, back.toString());
        assertThat(sha256(back, 1 << 20, DATA - (1 << 20)))
                .as("the volume reads as it was at the snapshot")
                .isEqualTo(sha256(dir.resolve("data.bin"), 1 << 20, DATA - (1 << 20)));
    }

    private static String sha256(Path file, long offset, long length) throws IOException {
        try (var channel = FileChannel.open(file)) {
            var digest = MessageDigest.getInstance("SHA-256");
            var buffer = ByteBuffer.allocate(1 << 20);
            long position = offset;
            while (position < offset + length) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), offset + length - position));
                int read = channel.read(buffer, position);
                if (read < 0) {
                    throw new IOException(file + " ends at " + position);
                }
                digest.update(buffer.flip());
                position += read;
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The seeds' experiment from the drill panel, against the real cluster: every step passes
     * (the node is really SIGKILLed and started again), and the cluster is left healthy with the
     * test volume deleted.
     */
    @Test
    void theFailureDrillPassesEndToEnd(FxRobot robot) throws Exception {
        await(robot, "connected", () -> text(robot, "#connection-status").contains("Connected"));
        robot.clickOn("#tab-drill");
        robot.clickOn("#drill-run");
        List<String> steps = List.of("prepare", "write", "stop", "move", "read", "start", "rebuild", "cleanup");
        await(robot, "every drill step passed", () -> {
            for (String step : steps) {
                String status = text(robot, "#drill-status-" + step);
                if (status.contains("failed")) {
                    throw new AssertionError("drill step " + step + " failed: " + text(robot, "#drill-step-" + step));
                }
                if (!status.contains("passed")) {
                    return false;
                }
            }
            return true;
        });
        assertThat(text(robot, "#drill-step-read")).contains("intact");
        assertThat(text(robot, "#drill-summary")).startsWith("Passed");
        assertThat(api.store().list(Kind.VOLUME)).noneMatch(v -> v.name().startsWith("drill-"));
        assertThat(api.store().list(Kind.NODE)).allMatch(Node::ready);
    }

    private static boolean served(FxRobot robot, String node) {
        return text(robot, "#cell-v1-" + node).equals("UP");
    }

    private static List<String> events(FxRobot robot, String query) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).queryTableView().getItems().stream()
                            .map(e -> ((ClusterEvent) e).message())
                            .toList())
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(FxRobot robot, String query) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query)
                            .tryQuery()
                            .map(n -> ((Labeled) n).getText())
                            .orElse(""))
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Double> progress(FxRobot robot, String query) {
        try {
            return WaitForAsyncUtils.asyncFx(
                            () -> robot.lookup(query).tryQuery().map(n -> ((ProgressBar) n).getProgress()))
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(FxRobot robot, String what, BooleanSupplier condition) {
        Await.until(SLOW, what, () -> {
            WaitForAsyncUtils.sleep(50, TimeUnit.MILLISECONDS);
            return condition.getAsBoolean();
        });
    }

    private static void writeRandom(Path file, String uri, long seed) throws IOException {
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(seed);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < DATA; done += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        ExternalCommand.run(Duration.ofSeconds(120), "nbdcopy", file.toString(), uri);
    }
}
