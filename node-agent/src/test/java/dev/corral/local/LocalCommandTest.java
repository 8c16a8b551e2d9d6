package dev.corral.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.client.CorralHome;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code local up} tells the operator about reaching the cluster it started. */
class LocalCommandTest {
    private final CorralHome home = CorralHome.of(Map.of("CORRAL_HOME", "/srv/corral"), Path.of("/root"));
    private final LocalCommand local = new LocalCommand(home);

    @Test
    void aClusterInTheDefaultPlaceNeedsNothing() {
        assertThat(local.howToReach(new LocalCluster(Path.of("/srv/corral/local"))))
                .isEqualTo("other commands (volume, snapshot, node, console) use this cluster by default");
    }

    @Test
    void aClusterElsewhereGetsTheLineThatPointsOtherCommandsAtIt() {
        assertThat(local.howToReach(new LocalCluster(Path.of("/tmp/c1"))))
                .isEqualTo("point other commands at it: export CORRAL_LOCAL_DIR=/tmp/c1"
                        + "   (or add --local-dir /tmp/c1 to each)");
        assertThat(local.howToReach(new LocalCluster(Path.of("/tmp/it's here"))))
                .as("quoted for the shell")
                .contains("export CORRAL_LOCAL_DIR='/tmp/it'\\''s here'");
    }
}
