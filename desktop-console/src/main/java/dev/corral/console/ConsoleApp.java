package dev.corral.console;

import atlantafx.base.theme.PrimerLight;
import dev.corral.console.ui.FxDialogService;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The JavaFX application; started by {@link ConsoleLauncher}, configured by {@link #configure}. */
public final class ConsoleApp extends Application {
    private static volatile ConsoleConfig config;
    private Console console;

    /** Application.launch makes the instance itself; this is how the launcher passes the target. */
    static void configure(ConsoleConfig next) {
        config = next;
    }

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        console = new Console(config, new FxDialogService(stage));
        stage.setTitle("Corral console");
        stage.setScene(new Scene(console.root(), 1280, 800));
        stage.show();
    }

    @Override
    public void stop() {
        if (console != null) {
            console.close();
        }
    }
}
