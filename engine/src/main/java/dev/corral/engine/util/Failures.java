package dev.corral.engine.util;

import java.util.concurrent.CompletionException;

/** Turns a failure from a future chain into the sentence an operator should read. */
public final class Failures {
    private Failures() {}

    public static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof CompletionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
