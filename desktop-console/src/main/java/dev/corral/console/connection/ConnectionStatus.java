package dev.corral.console.connection;

/** The connection as the status bar shows it. */
public enum ConnectionStatus {
    STARTING_LOCAL("Starting local cluster"),
    CONNECTING("Connecting"),
    CONNECTED("Connected"),
    RECONNECTING("Reconnecting"),
    FAILED("Not connected");

    private final String label;

    ConnectionStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
