package dev.corral.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Kind;
import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.api.v1.Credentials;
import dev.corral.controlplane.server.ApiConfig;
import dev.corral.controlplane.server.ApiServer;
import dev.corral.controlplane.store.SqliteStore;
import dev.corral.engine.cli.PlainErrors;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The CLI against an https API: it believes the server only with a certificate of the named CA. */
class HttpsTargetTest {
    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final ClusterAuthority authority = ClusterAuthority.create("lab", Clock.systemUTC());
    private SqliteStore store;
    private ApiServer api;
    private Path credentials;

    @Command(name = "corral")
    static final class Root {}

    @BeforeEach
    void start() throws Exception {
        store = SqliteStore.open(dir.resolve("state.db"));
        Credentials admin = Credentials.generate("admin");
        credentials = dir.resolve("credentials");
        admin.writeNew(credentials);
        api = ApiServer.start(
                        vertx,
                        ApiConfig.of("127.0.0.1", 0)
                                .withCredentials(admin)
                                .withTls(new ClusterIdentity(
                                        authority.issue(Principal.controlPlane(), List.of("127.0.0.1")),
                                        authority.certificate())),
                        store)
                .join();
        // The CA files as an operator has them: the cluster's, and another cluster's.
        ClusterIdentity.issue(authority, Principal.admin("ops"), List.of(), dir.resolve("ours"));
        ClusterIdentity.issue(
                ClusterAuthority.create("other", Clock.systemUTC()),
                Principal.admin("ops"),
                List.of(),
                dir.resolve("theirs"));
    }

    @AfterEach
    void stop() {
        api.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        store.close();
    }

    @Test
    void anotherAuthoritysCertificateIsRefusedAndTheClustersIsBelieved() {
        Run refused = run(Map.of(), "volume", "create", "v1", "--size", "1Mi", "--ca-cert", ca("theirs"));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("its TLS certificate is not one of this cluster's authority");
        assertThat(store.list(Kind.VOLUME)).isEmpty();

        Run created = run(Map.of(), "volume", "create", "v1", "--size", "1Mi", "--ca-cert", ca("ours"));
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(store.list(Kind.VOLUME)).hasSize(1);

        // The variable names it as well as the option does.
        Run listed = run(Map.of(ClusterTarget.CA_CERT_VARIABLE, ca("ours")), "volume", "list");
        assertThat(listed.out()).contains("v1");
        assertThat(run(Map.of(ClusterTarget.CA_CERT_VARIABLE, ca("theirs")), "volume", "list")
                        .exitCode())
                .isNotZero();
    }

    @Test
    void aFileThatIsNotOneCertificateIsRefusedSayingWhy() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        Run run = run(Map.of(), "volume", "list", "--ca-cert", garbage.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("cannot read the CA certificate " + garbage);
    }

    private String ca(String which) {
        return dir.resolve(which).resolve("ca.crt").toString();
    }

    record Run(int exitCode, String out, String err) {}

    private Run run(Map<String, String> variables, String... args) {
        Map<String, String> environment = new java.util.HashMap<>(variables);
        environment.put("CORRAL_HOME", dir.toString());
        environment.put(ClusterTarget.URL_VARIABLE, api.url());
        environment.put(ClusterTarget.CREDENTIALS_VARIABLE, credentials.toString());
        CommandLine cli = new CommandLine(new Root());
        ClusterCommands.addTo(cli, new ClusterTarget(environment, localDir -> Optional.empty()));
        PlainErrors.on(cli);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
