package dev.corral.console.ui;

/** Every dialog the console shows, behind one interface so that ViewModels can be tested without one. */
public interface DialogService {
    /** Asks the operator to confirm a destructive action; true when they did. */
    boolean confirm(String title, String question);

    /** Shows an error that has no better place on a screen. */
    void error(String title, String message);
}
