package dev.corral.console.ui;

import dev.corral.api.model.Volume;
import java.util.Locale;
import javafx.scene.control.Label;

/** How every screen shows a volume's robustness: a colour and a glyph, never colour alone. */
public final class Robustness {
    private Robustness() {}

    public static String glyph(Volume.Robustness robustness) {
        return switch (robustness) {
            case HEALTHY -> "\u2714"; // check mark
            case DEGRADED -> "\u25B2"; // warning triangle
            case FAULTED -> "\u2716"; // heavy x
            case UNKNOWN -> "?";
        };
    }

    public static String styleClass(Volume.Robustness robustness) {
        return "robustness-" + robustness.name().toLowerCase(Locale.ROOT);
    }

    public static String text(Volume.Robustness robustness) {
        String name = robustness.name().toLowerCase(Locale.ROOT);
        return glyph(robustness) + " " + name;
    }

    /** A label for {@code robustness}, with its style class (colours in console.css). */
    public static Label label(Volume.Robustness robustness) {
        Label label = new Label(text(robustness));
        label.getStyleClass().addAll("robustness", styleClass(robustness));
        return label;
    }
}
