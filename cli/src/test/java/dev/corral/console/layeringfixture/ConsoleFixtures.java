package dev.corral.console.layeringfixture;

import dev.corral.api.units.ByteSize;
import dev.corral.engine.block.IoError;
import javafx.beans.property.SimpleStringProperty;

/** Console classes (test-only) for the layering rules' own tests: one breaks them, one does not. */
public final class ConsoleFixtures {
    private ConsoleFixtures() {}

    /** Shows an engine error code: the console reaching into the engine. */
    public static final class ReachesIntoTheEngine {
        public String describe() {
            return IoError.NO_SPACE.name();
        }
    }

    /** Shows a size with the api's units in a JavaFX property: what the console may do. */
    public static final class UsesTheApiAndJavaFx {
        public SimpleStringProperty describe() {
            return new SimpleStringProperty(ByteSize.format(1L << 30));
        }
    }
}
