package dev.corral.console.drill;

/** The seeds' experiment, step by step. */
public enum DrillStep {
    PREPARE("prepare", "Create and attach a test volume"),
    WRITE("write", "Write a timestamped test file"),
    STOP_NODE("stop", "Stop the volume's node"),
    MOVE("move", "Attach the volume on another node"),
    READ_BACK("read", "Read the test file back"),
    START_NODE("start", "Start the node again"),
    REBUILD("rebuild", "Rebuild its replica until healthy"),
    CLEAN_UP("cleanup", "Delete the test volume");

    private final String id;
    private final String title;

    DrillStep(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** For element ids ({@code drill-step-write}). */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public enum Status {
        PENDING,
        RUNNING,
        PASSED,
        FAILED,
        SKIPPED
    }

    /** What the operator sees of one step. */
    public record Report(DrillStep step, Status status, String result) {}
}
