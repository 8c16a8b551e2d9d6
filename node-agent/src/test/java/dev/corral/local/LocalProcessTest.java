package dev.corral.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which command lines are a local cluster's processes: what `local down` stops and nothing else. */
class LocalProcessTest {
    private static final Path DIR = Path.of("/srv/corral/local");
    private static final String JAVA = "-cp";

    private static LocalProcess.Role role(String... arguments) {
        return LocalProcess.classify(1, List.of(arguments), DIR)
                .map(LocalProcess::role)
                .orElse(null);
    }

    @Test
    void eachProcessOfTheClusterIsRecognisedByItsEntryPointAndDirectory() {
        assertThat(role(JAVA, "x", LocalProcess.CONTROL_PLANE_MAIN, "control-plane", "--dir", DIR + "/control-plane"))
                .isEqualTo(LocalProcess.Role.CONTROL_PLANE);
        assertThat(role(JAVA, "x", LocalProcess.NODE_MAIN, "agent", "--node", "node-2", "--dir", DIR + "/nodes/node-2"))
                .isEqualTo(LocalProcess.Role.AGENT);
        assertThat(LocalProcess.classify(
                                7,
                                List.of(LocalProcess.NODE_MAIN, "instance", "--dir", DIR + "/nodes/node-2/instance"),
                                DIR)
                        .orElseThrow())
                .isEqualTo(new LocalProcess(LocalProcess.Role.INSTANCE, "node-2", 7));
        assertThat(role("dev.corral.cli.Main", "local", "up", "--local-dir", DIR.toString()))
                .isEqualTo(LocalProcess.Role.STARTER);
        assertThat(role("dev.corral.cli.Main", "local", "--local-dir", DIR.toString(), "add-node"))
                .isEqualTo(LocalProcess.Role.STARTER);
        assertThat(role(LocalProcess.NODE_MAIN, "local", "start-node", "--dir", DIR + "/", "node-1"))
                .isEqualTo(LocalProcess.Role.STARTER);
    }

    @Test
    void anythingElseIsLeftAlone() {
        // Another cluster, the console (a client), local down itself, and strangers naming the directory.
        assertThat(role(LocalProcess.NODE_MAIN, "agent", "--dir", "/srv/other/nodes/node-1"))
                .isNull();
        assertThat(role("dev.corral.cli.Main", "console", "--local-dir", DIR.toString()))
                .isNull();
        assertThat(role("dev.corral.cli.Main", "local", "down", "--dir", DIR.toString()))
                .isNull();
        assertThat(role("vim", "--dir", DIR + "/nodes/node-1")).isNull();
        assertThat(role("some.Other", "agent", "--dir", DIR + "/nodes/node-1")).isNull();
        assertThat(role(LocalProcess.NODE_MAIN, "agent")).isNull();
    }
}
