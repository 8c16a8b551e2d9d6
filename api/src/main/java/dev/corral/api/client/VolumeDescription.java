package dev.corral.api.client;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Volume;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a volume has got to, in a phrase for messages: its state and any condition that fails. */
final class VolumeDescription {
    private VolumeDescription() {}

    static String progress(Volume volume) {
        String failing = volume.status().conditions().stream()
                .filter(c -> c.status() != Condition.Status.True)
                .map(c -> c.type() + "=" + c.status()
                        + (c.reason().isEmpty()
                                ? ""
                                : " (" + c.reason() + (c.message().isEmpty() ? "" : ": " + c.message()) + ")"))
                .collect(Collectors.joining("; "));
        String state = volume.status().state().name().toLowerCase(Locale.ROOT);
        return failing.isEmpty() ? state : state + ", " + failing;
    }
}
