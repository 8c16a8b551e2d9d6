package dev.corral.console.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs work off the UI thread and its outcome on it. Both executors are injected: the application
 * passes a thread pool and {@code Platform::runLater}, tests pass direct executors and run
 * ViewModels without the FX toolkit.
 */
public record Tasks(Executor background, Executor ui) {
    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure) {
        background.execute(() -> {
            T result;
            try {
                result = work.call();
            } catch (Exception e) {
                ui.execute(() -> onFailure.accept(e));
                return;
            }
            ui.execute(() -> onSuccess.accept(result));
        });
    }

    /** The server's reason as it came (its messages are written for operators), else the type. */
    public static String reason(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
