package dev.corral.node.agent;

import static dev.corral.node.agent.AgentFixture.NODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.launch.CommandLines;
import dev.corral.api.launch.JvmProcess;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Replica;
import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.api.security.PrivateFiles;
import dev.corral.api.v1.Credentials;
import dev.corral.controlplane.server.ApiFixture;
import dev.corral.engine.cli.PlainErrors;
import dev.corral.engine.testsupport.SystemTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An agent with its node's identity instead of the admin credential, as its own process against
 * an https API: it registers its Node, heartbeats and runs its replica, all through the node's
 * scoped access, and its instance process serves the node API over mutual TLS with the same
 * identity. An identity that is not the node's, or one beside the credential, is refused at start.
 */
@SystemTest
class AgentIdentityTest {
    private static final Credentials ADMIN = new Credentials("admin", "correct horse battery");
    private static final long SIZE = 4L << 20;

    @TempDir
    Path tmp;

    private final ClusterAuthority authority = ClusterAuthority.create("test", Clock.systemUTC());
    private ApiFixture api;
    private AgentFixture cluster;

    @BeforeEach
    void startApi() throws IOException {
        api = ApiFixture.withTls(
                Optional.of(ADMIN),
                new ClusterIdentity(
                        authority.issue(Principal.controlPlane(), List.of("127.0.0.1")), authority.certificate()));
        cluster = new AgentFixture(api.store, tmp.resolve("node-1"));
        for (String node : List.of(NODE, "node-2")) {
            ClusterIdentity.issue(authority, Principal.node(node), List.of("127.0.0.1"), identityDir(node));
        }
    }

    @AfterEach
    void stopApi() {
        cluster.stopInstance();
        api.close();
    }

    @Test
    void anAgentWithItsNodesIdentityRunsItsNodeThroughScopedAccess() throws Exception {
        try (JvmProcess agent = AgentProcess.launch(
                        tmp.resolve("node-1"),
                        api.url(),
                        List.of("--identity", identityDir(NODE).toString()))
                .start()) {
            String instanceUrl = agent.ready("instance");
            assertThat(instanceUrl).startsWith("https://127.0.0.1:");
            long instancePid = Long.parseLong(agent.ready("instancePid"));
            assertThat(CommandLines.option(CommandLines.arguments(instancePid), "--identity"))
                    .isEqualTo(identityDir(NODE).toString());

            cluster.await(
                    Kind.NODE,
                    NODE,
                    "the agent registers and heartbeats its node",
                    n -> n.ready() && instanceUrl.equals(n.status().instanceUrl()));
            cluster.createReplica("vol-r1", "vol", SIZE);
            Replica running = cluster.awaitRunning("vol-r1");
            assertThat(running.status().address()).startsWith("127.0.0.1:");

            // Nothing the agent does was refused by its node's scope.
            assertThat(Files.readString(tmp.resolve("node-1/agent.log")))
                    .doesNotContain("may only read")
                    .doesNotContain("may write only")
                    .doesNotContain("may create only");
        }
    }

    /**
     * A restarted agent adopts the instance its predecessor started over TLS; an instance started
     * before the node had an identity (plain http) is replaced, not left serving in plain text.
     */
    @Test
    void aNewAgentAdoptsItsTlsInstanceAndReplacesAPlainOne() throws Exception {
        long plainPid;
        try (ApiFixture plainApi = ApiFixture.start();
                JvmProcess plain = AgentProcess.start(tmp.resolve("node-1"), plainApi.url())) {
            assertThat(plain.ready("instance")).startsWith("http://");
            plainPid = Long.parseLong(plain.ready("instancePid"));
            plain.kill();
        }
        List<String> withIdentity = List.of("--identity", identityDir(NODE).toString());
        long tlsPid;
        try (JvmProcess first = AgentProcess.launch(tmp.resolve("node-1"), api.url(), withIdentity)
                .start()) {
            assertThat(first.ready("instance")).startsWith("https://");
            tlsPid = Long.parseLong(first.ready("instancePid"));
            assertThat(tlsPid).isNotEqualTo(plainPid);
            assertThat(ProcessHandle.of(plainPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
            first.kill();
        }
        try (JvmProcess second = AgentProcess.launch(tmp.resolve("node-1"), api.url(), withIdentity)
                .start()) {
            assertThat(Long.parseLong(second.ready("instancePid"))).isEqualTo(tlsPid);
        }
        assertThat(cluster.instanceProcesses()).extracting(ProcessHandle::pid).containsExactly(tlsPid);
    }

    @Test
    void anotherNodesIdentityOrOneBesideTheCredentialIsRefusedAtStart() throws IOException {
        Path credentials = tmp.resolve("credentials");
        PrivateFiles.write(credentials, (ADMIN.user() + ":" + ADMIN.password()).getBytes(StandardCharsets.UTF_8));
        assertThat(runAgent("--identity", identityDir("node-2").toString(), "--control-plane", api.url()))
                .contains("the identity in " + identityDir("node-2") + " is node/node-2, but this agent runs"
                        + " node/node-1");
        assertThat(runAgent(
                        "--identity",
                        identityDir(NODE).toString(),
                        "--credentials",
                        credentials.toString(),
                        "--control-plane",
                        api.url()))
                .contains("give --identity or --credentials, not both");
        assertThat(runAgent(
                        "--identity",
                        identityDir(NODE).toString(),
                        "--control-plane",
                        api.url().replace("https://", "http://")))
                .contains("--identity authenticates only over https");
        assertThat(api.store.list(Kind.NODE)).isEmpty();
        assertThat(cluster.instanceProcesses()).isEmpty();
    }

    /** Runs {@code corral agent} in this JVM up to its refusal; answers what it printed. */
    private String runAgent(String... options) {
        StringWriter err = new StringWriter();
        CommandLine command =
                PlainErrors.on(new CommandLine(new AgentCommand())).setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(
                List.of("--node", NODE, "--dir", tmp.resolve("node-1").toString(), "--address", "127.0.0.1"));
        args.addAll(List.of(options));
        assertThat(command.execute(args.toArray(String[]::new))).isEqualTo(1);
        return err.toString();
    }

    private Path identityDir(String node) {
        return tmp.resolve("identities").resolve(node);
    }
}
