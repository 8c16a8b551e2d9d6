package dev.corral.console;

import dev.corral.api.client.CorralHome;
import dev.corral.console.connection.ConnectionTarget;
import javafx.application.Application;

/**
 * Starts the console. A separate class from the Application subclass: launching an Application
 * from the plain class path (as {@code ./corral} does) fails unless main lives elsewhere.
 */
public final class ConsoleLauncher {
    private ConsoleLauncher() {}

    /** Shows the console connected to {@code target}; returns when its window is closed. */
    public static void run(ConnectionTarget target) {
        ConsoleApp.configure(ConsoleConfig.of(target));
        Application.launch(ConsoleApp.class);
    }

    public static void main(String[] args) {
        run(new ConnectionTarget.Local(CorralHome.fromEnvironment().localCluster(), 3));
    }
}
