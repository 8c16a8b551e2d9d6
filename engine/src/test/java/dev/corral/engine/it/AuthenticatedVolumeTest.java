package dev.corral.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.launch.JvmProcess;
import dev.corral.engine.cli.EngineMain;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.SystemTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replica and controller processes started with {@code --identity} (and the TLS switches), their
 * identities issued by {@code corral engine identity}: the volume works through NBD, and a
 * controller of another cluster or without an identity gets no replica.
 */
@SystemTest
class AuthenticatedVolumeTest {
    private static final Duration T = Duration.ofMinutes(2);
    private static final long SIZE = 64L << 20;
    private static final String WRITE_THEN_READ =
            "h.pwrite(b'corral' * 4096, 1048576); assert h.pread(24576, 1048576) == b'corral' * 4096; print('ok')";

    @TempDir
    Path dir;

    private Path replicaIdentity;
    private Path engineIdentity;

    @BeforeEach
    void issueIdentities() {
        replicaIdentity = issue("ca", "node/node-1", "node-1");
        engineIdentity = issue("ca", "node/node-2", "node-2");
    }

    private Path issue(String authority, String principal, String out) {
        Path identity = dir.resolve(out);
        StringWriter printed = new StringWriter();
        var cli = EngineMain.commandLine();
        cli.setOut(new PrintWriter(printed));
        int exit = cli.execute(
                "identity",
                "--authority",
                dir.resolve(authority).toString(),
                "--principal",
                principal,
                "--host",
                "127.0.0.1",
                "--out",
                identity.toString());
        assertThat(exit).isZero();
        assertThat(printed.toString()).contains("issued " + principal);
        return identity;
    }

    private LocalVolume volume(List<String> replicaArgs, String... controllerArgs) throws Exception {
        return LocalVolume.start(
                dir.resolve("logs"),
                "guarded",
                SIZE,
                List.of(dir.resolve("r0"), dir.resolve("r1")),
                replicaArgs,
                controllerArgs);
    }

    @Test
    void authenticatedReplicasServeTheVolume() throws Exception {
        try (LocalVolume volume =
                volume(List.of("--identity", replicaIdentity.toString()), "--identity", engineIdentity.toString())) {
            assertThat(volume.replicas.getFirst().ready("authentication")).isEqualTo("signed-nonces");
            assertThat(ExternalCommand.run(T, ExternalCommand.nbdsh(volume.nbdUri(), WRITE_THEN_READ)))
                    .contains("ok");
            assertThat(volume.replicaModes())
                    .extracting(r -> r.path("mode").asText())
                    .containsOnly("RW");
        }
    }

    @Test
    void replicasOverTlsServeTheVolume() throws Exception {
        try (LocalVolume volume = volume(
                List.of("--identity", replicaIdentity.toString(), "--tls"),
                "--identity",
                engineIdentity.toString(),
                "--replica-tls")) {
            assertThat(volume.replicas.getFirst().ready("authentication")).isEqualTo("mutual-tls");
            assertThat(ExternalCommand.run(T, ExternalCommand.nbdsh(volume.nbdUri(), WRITE_THEN_READ)))
                    .contains("ok");
            assertThat(volume.replicaModes())
                    .extracting(r -> r.path("mode").asText())
                    .containsOnly("RW");
        }
    }

    @Test
    void aControllerOfAnotherClusterGetsNoReplica() throws Exception {
        Path foreign = issue("other-ca", "node/node-2", "foreign");
        try (LocalVolume volume =
                volume(List.of("--identity", replicaIdentity.toString()), "--identity", foreign.toString())) {
            assertThat(volume.replicaModes()).allSatisfy(r -> {
                assertThat(r.path("mode").asText()).isEqualTo("ERR");
                assertThat(r.path("failureReason").asText()).contains("cannot authenticate with replica");
            });
        }
    }

    @Test
    void aControllerWithoutAnIdentityGetsNoReplica() throws Exception {
        try (LocalVolume volume = volume(List.of("--identity", replicaIdentity.toString()))) {
            assertThat(volume.replicaModes())
                    .extracting(r -> r.path("mode").asText())
                    .containsOnly("ERR");
            JvmProcess replica = volume.replicas.getFirst();
            assertThat(replica.alive()).isTrue();
        }
    }
}
