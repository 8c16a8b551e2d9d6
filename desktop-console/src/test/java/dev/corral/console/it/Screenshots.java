package dev.corral.console.it;

import atlantafx.base.theme.PrimerLight;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.Volume;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.console.Console;
import dev.corral.console.ConsoleConfig;
import dev.corral.console.FxThread;
import dev.corral.console.connection.ConnectionTarget;
import dev.corral.console.ui.FxDialogService;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.local.LocalCluster;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;

/**
 * Renders every screen to docs/images/console-SCREEN.png: a local cluster in a temporary
 * directory with a few volumes, one node killed so that the screens show a degraded volume, the
 * console's scene snapshotted by JavaFX itself (software pipeline, no display needed).
 * Run by desktop-console/screenshots.sh.
 */
public final class Screenshots {
    private static final Duration SLOW = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/images").toAbsolutePath();
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory("corral-screens");
        LocalCluster cluster = new LocalCluster(dir);
        cluster.up(3);
        try (ClusterClient api = new ClusterClient(cluster.endpoint().orElseThrow())) {
            Await.until(
                    SLOW,
                    "3 nodes ready",
                    () -> api.store().list(Kind.NODE).stream()
                                    .filter(Node::ready)
                                    .count()
                            == 3);
            for (String name : List.of("pg-data", "web-assets", "queue")) {
                api.createVolume(VolumeRequest.of(name, 1L << 30).withNumberOfReplicas(3));
            }
            api.createVolume(VolumeRequest.of("scratch", 256L << 20).withNumberOfReplicas(2));
            for (String name : List.of("pg-data", "web-assets")) {
                api.awaitVolume(name, v -> v.status().state() == Volume.State.DETACHED, SLOW, "created");
            }
            api.attach("pg-data", "node-1");
            api.attach("web-assets", "node-3");
            api.awaitVolume(
                    "pg-data",
                    v -> v.status().robustness() == Volume.Robustness.HEALTHY
                            && v.status().state() == Volume.State.ATTACHED,
                    SLOW,
                    "attached");
            CompletableFuture<Void> started = new CompletableFuture<>();
            Platform.startup(() -> started.complete(null));
            started.get(30, TimeUnit.SECONDS);
            Console console = FxThread.call(() -> {
                Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
                Stage stage = new Stage();
                Console c =
                        new Console(ConsoleConfig.of(new ConnectionTarget.Local(dir, 3)), new FxDialogService(stage));
                stage.setScene(new Scene(c.root(), 1400, 980));
                stage.show();
                return c;
            });
            // Writes to pg-data all along, so that the I/O charts have something to show.
            Thread writer = Thread.ofPlatform().daemon().start(() -> keepWriting(dir, api, "pg-data"));
            Thread.sleep(4000);
            // Killed with the console watching, so that its events show the loss.
            cluster.killNode("node-2");
            api.awaitVolume("pg-data", v -> v.status().robustness() == Volume.Robustness.DEGRADED, SLOW, "degraded");
            Await.until(
                    SLOW,
                    "node-2 down",
                    () -> !api.store().get(Kind.NODE, "node-2").orElseThrow().ready());

            TabPane tabs = FxThread.call(() -> (TabPane) console.root().lookup("#screens"));
            FxThread.call(() -> {
                ((TableView<?>) console.root().lookup("#volumes-table"))
                        .getSelectionModel()
                        .select(0);
                return null;
            });
            for (int i = 0; i < tabs.getTabs().size(); i++) {
                int index = i;
                String id = FxThread.call(() -> {
                    tabs.getSelectionModel().select(index);
                    return tabs.getTabs().get(index).getId().replace("tab-", "");
                });
                // Long enough for the I/O charts to draw a few seconds of readings.
                Thread.sleep(id.equals("dashboard") || id.equals("detail") ? 8000 : 1500);
                if (id.equals("drill")) {
                    runDrill(console);
                    Thread.sleep(1500); // the window is painted a moment after the verdict
                }
                ImageIO.write(
                        capture(console.root().getScene()),
                        "png",
                        out.resolve("console-" + id + ".png").toFile());
                System.out.println("wrote " + out.resolve("console-" + id + ".png"));
            }
            writer.interrupt();
            FxThread.call(() -> {
                ((Button) console.root().lookup("#open-connect-dialog")).fire();
                return null;
            });
            Thread.sleep(1500);
            Scene dialog = FxThread.call(() -> Window.getWindows().stream()
                    .filter(w -> w.getScene() != null && w.getScene().getRoot().lookup("#connect-dialog") != null)
                    .findFirst()
                    .orElseThrow()
                    .getScene());
            ImageIO.write(
                    capture(dialog), "png", out.resolve("console-connect.png").toFile());
            System.out.println("wrote " + out.resolve("console-connect.png"));
            FxThread.call(() -> {
                console.close();
                return null;
            });
        } finally {
            cluster.down();
            Platform.exit();
        }
    }

    /**
     * The window as the X server shows it when there is a display (the script runs under Xvfb),
     * else JavaFX's own rendering of the scene (the headless platform has no screen to read).
     */
    /** Runs the failure drill from its panel and waits for its verdict, so the screen shows one. */
    private static void runDrill(Console console) throws Exception {
        FxThread.call(() -> {
            ((Button) console.root().lookup("#drill-run")).fire();
            return null;
        });
        Await.until(Duration.ofMinutes(4), "the drill's verdict", () -> {
            try {
                String summary = FxThread.call(() -> ((Label) console.root().lookup("#drill-summary")).getText());
                return summary.startsWith("Passed") || summary.startsWith("Failed");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static BufferedImage capture(Scene scene) throws Exception {
        return FxThread.call(() -> {
            if ("Headless".equalsIgnoreCase(System.getProperty("glass.platform", ""))) {
                return toBuffered(scene.snapshot(null));
            }
            Window window = scene.getWindow();
            WritableImage screen = new Robot()
                    .getScreenCapture(
                            null,
                            window.getX() + scene.getX(),
                            window.getY() + scene.getY(),
                            scene.getWidth(),
                            scene.getHeight());
            return toBuffered(screen);
        });
    }

    /** Copies random data onto the volume's NBD endpoint over and over until interrupted. */
    private static void keepWriting(Path dir, ClusterClient api, String volume) {
        try {
            byte[] data = new byte[8 << 20];
            new Random(1).nextBytes(data);
            Path file = dir.resolve("io.bin");
            Files.write(file, data);
            String uri =
                    api.store().get(Kind.VOLUME, volume).orElseThrow().status().endpoint();
            while (!Thread.currentThread().isInterrupted()) {
                ExternalCommand.run(Duration.ofSeconds(60), "nbdcopy", "--requests=4", file.toString(), uri);
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | AssertionError e) {
            // The drill stops pg-data's node: the writer's job is done by then.
            System.err.println("screenshots: the background writer stopped: " + e.getMessage());
        }
    }

    private static BufferedImage toBuffered(WritableImage image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            pixels.getPixels(0, y, width, 1, PixelFormat.getIntArgbInstance(), row, 0, width);
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        return out;
    }

    private Screenshots() {}
}
