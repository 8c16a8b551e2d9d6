package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.ResourceJson;
import dev.corral.cli.cluster.ClusterTarget;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.SystemTest;
import dev.corral.local.LocalCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code corral local up --dir D} starts a real one-node cluster (control plane, agent and instance
 * process as child JVMs) in a directory other than the default, and the volume commands reach it
 * there: by {@code --local-dir D}, and by the line {@code local up} prints.
 */
@SystemTest
class LocalClusterCommandsTest {
    private static final Duration T = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private Path clusterDir;

    record Run(int exitCode, String out, String err) {}

    @AfterEach
    void down() throws IOException {
        if (clusterDir != null) {
            new LocalCluster(clusterDir).down();
        }
    }

    /** {@code corral ARGS} with this environment: CORRAL_HOME in the test's directory, no CORRAL_URL. */
    private static Run corral(Map<String, String> environment, String... args) {
        CommandLine cli = Main.commandLine(new ClusterTarget(environment, dir -> new LocalCluster(dir).endpoint()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void volumeCommandsReachAClusterStartedInAnotherDirectory() throws Exception {
        Map<String, String> environment =
                new HashMap<>(Map.of("CORRAL_HOME", tmp.resolve("home").toString()));
        clusterDir = tmp.resolve("elsewhere");
        String dir = clusterDir.toString();

        Run up = corral(environment, "local", "up", "--dir", dir, "--nodes", "1");
        assertThat(up.exitCode()).as(up.err()).isZero();
        String hint = "export CORRAL_LOCAL_DIR=" + dir;
        assertThat(up.out()).contains("point other commands at it: " + hint + "   (or add --local-dir " + dir);

        Run notThere = corral(environment, "volume", "list");
        assertThat(notThere.exitCode()).isEqualTo(1);
        assertThat(notThere.err())
                .as("the default place holds no cluster, and the error says where it looked")
                .startsWith("corral: no cluster to talk to: no local cluster in " + tmp.resolve("home/local"));

        Run created =
                corral(environment, "volume", "create", "v1", "--size", "16Mi", "--replicas", "1", "--local-dir", dir);
        assertThat(created)
                .isEqualTo(new Run(0, "volume v1 created (16 MiB, 1 replicas)" + System.lineSeparator(), ""));

        // The line local up printed, as a shell would apply it.
        environment.put("CORRAL_LOCAL_DIR", hint.substring(hint.indexOf('=') + 1));
        Await.until(
                T,
                "v1's replica running",
                () -> json(environment, "volume", "get", "v1")
                                .path("replicasRunning")
                                .asLong()
                        == 1);

        assertThat(corral(environment, "volume", "list").out()).containsPattern("v1 +detached +\\S+ +16 MiB +1/1");
        String described = corral(environment, "volume", "get", "v1").out();
        assertThat(described)
                .contains("Replicas:       1/1 running")
                .containsPattern("v1-\\S+ +node-1 +default +running");
        JsonNode detail = json(environment, "volume", "get", "v1", "--local-dir", dir);
        assertThat(detail.path("replicas")).hasSize(1);
        assertThat(detail.path("replicas").get(0).path("node").asText()).isEqualTo("node-1");
        assertThat(detail.path("replicas").get(0).path("state").asText()).isEqualTo("running");
    }

    private static JsonNode json(Map<String, String> environment, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-o";
        all[args.length + 1] = "json";
        Run run = corral(environment, all);
        assertThat(run.exitCode()).as(run.err()).isZero();
        try {
            return ResourceJson.mapper().readTree(run.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
