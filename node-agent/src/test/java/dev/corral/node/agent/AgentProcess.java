package dev.corral.node.agent;

import dev.corral.api.launch.JvmLaunch;
import dev.corral.api.launch.JvmProcess;
import dev.corral.node.NodeMain;
import dev.corral.node.instance.LaunchedInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code corral agent} as its own OS process, so that it can be SIGKILLed like a crashed agent. */
final class AgentProcess {
    private AgentProcess() {}

    /** The agent of {@link AgentFixture#NODE} in {@code nodeDir}, spawned, not yet ready. */
    static JvmLaunch launch(Path nodeDir, String controlPlaneUrl) {
        return launch(nodeDir, controlPlaneUrl, List.of());
    }

    /** The same with more options ({@code --identity DIR}, say). */
    static JvmLaunch launch(Path nodeDir, String controlPlaneUrl, List<String> options) {
        List<String> args = new ArrayList<>(List.of(
                "agent",
                "--node",
                AgentFixture.NODE,
                "--dir",
                nodeDir.toString(),
                "--address",
                "127.0.0.1",
                "--control-plane",
                controlPlaneUrl));
        for (String option : LaunchedInstance.TEST_JVM) {
            args.add("--instance-jvm-option=" + option);
        }
        args.addAll(options);
        return JvmLaunch.of(NodeMain.class.getName())
                .args(args)
                .jvmOptions(JvmLaunch.LIGHT_JVM)
                .log(nodeDir.resolve("agent.log"));
    }

    /** Starts the agent and waits for its ready line. */
    static JvmProcess start(Path nodeDir, String controlPlaneUrl) throws IOException {
        return launch(nodeDir, controlPlaneUrl).start();
    }
}
