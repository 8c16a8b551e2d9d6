package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.client.ApiRequestException;
import dev.corral.api.client.RemoteStore;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Settings;
import dev.corral.api.store.WatchEvent;
import dev.corral.api.v1.Credentials;
import dev.corral.engine.testsupport.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicAuthTest {
    private static final Credentials ADMIN = new Credentials("admin", "s3cret-pass");

    @TempDir
    Path dir;

    @Test
    void everyRouteNeedsTheCredentials() throws Exception {
        try (ApiFixture api = ApiFixture.start(Optional.of(ADMIN), EventStreams.HEARTBEAT)) {
            HttpResponse<String> anonymous = api.sendAnonymously("GET", "/v1/volumes");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("www-authenticate"))
                    .contains("Basic realm=\"corral\", charset=\"UTF-8\"");
            assertThat(anonymous.body()).isEqualTo("{\"error\":\"authentication required\",\"code\":\"Unauthorized\"}");

            String wrong = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret-pas".getBytes());
            for (String path : List.of("/v1/volumes", "/v1/events", "/v1/foos", "/v1/settings/default")) {
                HttpResponse<String> refused = api.send("GET", path, null, "Authorization", wrong);
                assertThat(refused.statusCode()).as(path).isEqualTo(401);
                assertThat(refused.body()).contains("wrong user name or password");
            }
            HttpResponse<String> refusedWrite =
                    api.send("POST", "/v1/volumes", "{\"name\":\"v\",\"size\":\"1Mi\"}", "Authorization", wrong);
            assertThat(refusedWrite.statusCode()).isEqualTo(401);
            assertThat(api.store.get(Kind.VOLUME, "v")).isEmpty();

            HttpResponse<String> lowerCaseScheme = api.send(
                    "GET",
                    "/v1/settings/default",
                    null,
                    "Authorization",
                    "basic " + Base64.getEncoder().encodeToString("admin:s3cret-pass".getBytes()));
            assertThat(lowerCaseScheme.statusCode()).isEqualTo(200);

            try (RemoteStore store = new RemoteStore(api.endpoint())) {
                assertThat(store.get(Kind.SETTINGS, Settings.NAME)).isPresent();
                List<WatchEvent> events = new CopyOnWriteArrayList<>();
                store.watch(Set.of(Kind.SETTINGS), events::add);
                Await.until(Duration.ofSeconds(10), "SYNCED", () -> events.size() == 2);
            }
            try (RemoteStore unauthenticated =
                    new RemoteStore(new ApiEndpoint(URI.create(api.url()), Optional.empty()))) {
                assertThatThrownBy(() -> unauthenticated.list(Kind.NODE))
                        .isInstanceOf(ApiRequestException.class)
                        .hasMessageContaining("needs credentials (--credentials FILE or CORRAL_CREDENTIALS)");
            }
        }
    }

    @Test
    void credentialsFileMustBePrivate() throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "\nadmin:pa:ss\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Credentials.load(file))
                .isInstanceOf(IOException.class)
                .hasMessage("credentials file " + file
                        + " is accessible to group or others (rw-r--r--); run: chmod 600 " + file);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(Credentials.load(file)).isEqualTo(new Credentials("admin", "pa:ss"));

        Files.writeString(file, "no-colon\n");
        assertThatThrownBy(() -> Credentials.load(file)).hasMessageContaining("must hold one line user:password");
    }

    @Test
    void generatedPasswordsAreRandomWrittenPrivatelyAndNeverShown() throws IOException {
        Credentials one = Credentials.generate("admin");
        Credentials two = Credentials.generate("admin");
        assertThat(one.password()).hasSize(24).isNotEqualTo(two.password());
        assertThat(one.toString()).doesNotContain(one.password()).contains("admin");

        Path file = dir.resolve("generated");
        one.writeNew(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Credentials.load(file)).isEqualTo(one);
        assertThatThrownBy(() -> two.writeNew(file)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(one.admits(one.authorization())).isTrue();
        assertThat(one.admits(two.authorization())).isFalse();
        assertThat(one.admits("Basic !!!")).isFalse();
        assertThat(one.admits(null)).isFalse();
    }
}
