package dev.corral.console.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.api.v1.Credentials;
import dev.corral.console.RecordingDialogs;
import dev.corral.console.connection.ConnectionTarget;
import dev.corral.console.ui.Tasks;
import dev.corral.controlplane.server.ApiConfig;
import dev.corral.controlplane.server.ApiServer;
import dev.corral.controlplane.store.SqliteStore;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectDialogViewModelTest {
    @TempDir
    Path dir;

    private final List<ConnectionTarget> connected = new ArrayList<>();
    private final RecordingDialogs dialogs = new RecordingDialogs();

    private ConnectDialogViewModel vm(ConnectDialogViewModel.Prober prober) {
        return new ConnectDialogViewModel(
                new ProfileStore(dir.resolve("console")),
                new SecretVault(dir.resolve("console")),
                prober,
                new Tasks(Runnable::run, Runnable::run),
                dialogs,
                new ConnectionTarget.Local(dir.resolve("local"), 3),
                connected::add);
    }

    @Test
    void theFormSaysWhatIsWrongBeforeAnythingIsTried() {
        ConnectDialogViewModel vm = vm(target -> {
            throw new AssertionError("not to be called");
        });
        vm.name().set("bad name");
        vm.test();
        assertThat(vm.error().get()).startsWith("profile names are letters");
        vm.name().set("prod");
        vm.url().set("ftp://x");
        vm.test();
        assertThat(vm.error().get()).startsWith("the URL must be http:// or https:// with a host");
        vm.url().set("http://10.0.0.5:9700");
        vm.password().set("pw");
        vm.connect();
        assertThat(vm.error().get()).isEqualTo("a password needs a user name");
        assertThat(connected).isEmpty();
    }

    /** Against a real API server with basic auth: the right password connects, a wrong one shows the 401. */
    @Test
    void aProfileWithTheRightPasswordConnectsAndAWrongOneShowsTheServersReason() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (SqliteStore store = SqliteStore.open(dir.resolve("store.db"))) {
            Credentials credentials = Credentials.generate("admin");
            ApiServer api = ApiServer.start(vertx, ApiConfig.of("127.0.0.1", 0).withCredentials(credentials), store)
                    .join();
            try {
                ConnectDialogViewModel vm = vm(target -> {
                    try (var client = new ClusterClient(new ApiEndpoint(target.url(), target.credentials()))) {
                        client.store().revision();
                    }
                });
                vm.name().set("lab");
                vm.url().set(api.url());
                vm.user().set("admin");
                vm.password().set("wrong");
                vm.test();
                assertThat(vm.error().get()).endsWith("refused the credentials: wrong user name or password");

                vm.password().set(credentials.password());
                vm.connect();
                assertThat(vm.error().get()).isEmpty();
                assertThat(connected).singleElement().isInstanceOf(ConnectionTarget.Remote.class);

                // Later, from the stored (encrypted) password alone.
                ConnectDialogViewModel later = vm(target -> {
                    try (var client = new ClusterClient(new ApiEndpoint(target.url(), target.credentials()))) {
                        client.store().revision();
                    }
                });
                later.reload();
                assertThat(later.profiles()).containsExactly("lab");
                later.select("lab");
                assertThat(later.password().get()).isEmpty();
                assertThat(later.storedPassword().get()).isEqualTo("kept, encrypted");
                later.test();
                assertThat(later.error().get()).isEmpty();
                assertThat(later.message().get()).contains("accepted the credentials");

                dialogs.answer = true;
                later.delete();
                assertThat(dialogs.questions).singleElement().asString().contains("\"lab\"");
                assertThat(later.profiles()).isEmpty();
            } finally {
                api.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /**
     * An https API whose certificate comes from the cluster's authority: a profile naming another
     * CA's file is refused with the reason; naming the cluster's CA connects, and the file is kept.
     */
    @Test
    void anHttpsApiIsBelievedOnlyWithACertificateOfTheProfilesAuthority() throws Exception {
        ClusterAuthority authority = ClusterAuthority.create("lab", Clock.systemUTC());
        ClusterAuthority other = ClusterAuthority.create("other", Clock.systemUTC());
        Path ours = dir.resolve("lab-ca.crt");
        Path theirs = dir.resolve("other-ca.crt");
        Files.writeString(ours, pem(authority));
        Files.writeString(theirs, pem(other));
        Vertx vertx = Vertx.vertx();
        try (SqliteStore store = SqliteStore.open(dir.resolve("store.db"))) {
            Credentials credentials = Credentials.generate("admin");
            ApiServer api = ApiServer.start(
                            vertx,
                            ApiConfig.of("127.0.0.1", 0)
                                    .withCredentials(credentials)
                                    .withTls(new ClusterIdentity(
                                            authority.issue(Principal.controlPlane(), List.of("127.0.0.1")),
                                            authority.certificate())),
                            store)
                    .join();
            try {
                ConnectDialogViewModel vm = vm(target -> {
                    try (var client = new ClusterClient(target.endpoint())) {
                        client.store().revision();
                    }
                });
                vm.name().set("lab");
                vm.url().set(api.url());
                vm.user().set("admin");
                vm.password().set(credentials.password());
                vm.caCertificate().set(theirs.toString());
                vm.test();
                assertThat(vm.error().get()).contains("not one of this cluster's authority");

                vm.caCertificate().set(ours.toString());
                vm.connect();
                assertThat(vm.error().get()).isEmpty();
                assertThat(connected).singleElement().isInstanceOf(ConnectionTarget.Remote.class);
                assertThat(new ProfileStore(dir.resolve("console"))
                                .get("lab")
                                .orElseThrow()
                                .caCertificate())
                        .isEqualTo(ours.toString());
            } finally {
                api.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static String pem(ClusterAuthority authority) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(authority.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
