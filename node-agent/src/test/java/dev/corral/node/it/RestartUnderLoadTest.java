package dev.corral.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Volume;
import dev.corral.api.node.NodeClient;
import dev.corral.api.v1.IoOp;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.SystemTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control path is not the data path: SIGKILL the agent of the node that hosts the volume's
 * engine, and the control plane, while fio writes and verifies through NBD; both come back (the
 * agent re-adopts its instance process) and fio never sees an error.
 */
@SystemTest
class RestartUnderLoadTest {
    private static final long SIZE = 128L << 20;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        ExternalCommand.requireTool("fio");
    }

    /** Writes the engine has served so far, from the node that hosts it (not through the cluster). */
    private static long engineWrites(NodeClient node, String volume) {
        try {
            return node.stats(volume, Duration.ofSeconds(5))
                    .join()
                    .op(IoOp.WRITE)
                    .totalOps();
        } catch (CompletionException e) {
            return 0; // not answering yet: asked again
        }
    }

    @Test
    void agentAndControlPlaneRestartsDoNotInterruptIo() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(dir.resolve("cluster"), 3, 600)) {
            c.api.createVolume(VolumeRequest.of("vol", SIZE).withNumberOfReplicas(3));
            c.awaitVolume("vol", "created", v -> v.status().state() == Volume.State.DETACHED);
            c.api.attach("vol", "node-1");
            String uri = c.awaitVolume("vol", "attached", ClusterFixture::attachedHealthy)
                    .status()
                    .endpoint();

            Path log = dir.resolve("fio.log");
            Process fio = ExternalCommand.start(
                    log,
                    "fio",
                    "--name=verify",
                    "--ioengine=nbd",
                    "--uri=" + uri,
                    "--rw=randwrite",
                    "--bs=4k",
                    "--iodepth=8",
                    "--size=64M",
                    "--time_based",
                    "--runtime=25",
                    "--verify=crc32c",
                    "--verify_state_save=0",
                    "--do_verify=1",
                    "--verify_fatal=1");
            NodeClient node = c.nodeApi(c.engine("vol").status().instanceUrl());
            Await.until(ClusterFixture.SLOW, "fio writing", () -> engineWrites(node, "vol") > 1_000);
            c.cluster.killAgent("node-1");
            c.cluster.killControlPlane();
            // An outage of a fixed length, not a wait for a condition: fio must run through it.
            Thread.sleep(2_000);
            assertThat(fio.isAlive())
                    .as("fio still running with agent and control plane gone")
                    .isTrue();
            c.cluster.startControlPlane();
            c.cluster.startNode("node-1");
            c.awaitNodesReady(3);

            assertThat(fio.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(fio.exitValue()).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).doesNotContain("verify failed").contains("err= 0");
            // The restarted agent adopted the instance process instead of starting a second one.
            Await.until(ClusterFixture.SLOW, "healthy", () -> ClusterFixture.attachedHealthy(c.volume("vol")));
            assertThat(c.volume("vol").status().endpoint()).isEqualTo(uri);
        }
    }
}
