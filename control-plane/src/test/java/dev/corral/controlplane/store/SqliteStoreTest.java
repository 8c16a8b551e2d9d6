package dev.corral.controlplane.store;

import static dev.corral.controlplane.store.Fixtures.node;
import static dev.corral.controlplane.store.Fixtures.resized;
import static dev.corral.controlplane.store.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Volume;
import dev.corral.api.store.AlreadyExistsException;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.NotFoundException;
import dev.corral.api.store.UnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("state.db");
    }

    @Test
    void createStampsIdentityAndVersionAndGetReturnsTheSameObject() {
        Instant before = Instant.now();
        try (SqliteStore store = SqliteStore.open(file())) {
            Volume created = store.create(volume("pvc-1", 1L << 30));

            assertThat(created.metadata().resourceVersion()).isEqualTo(1);
            assertThat(created.metadata().uid()).hasSize(36);
            assertThat(created.metadata().creationTimestamp()).isBetween(before, Instant.now());
            assertThat(created.spec()).isEqualTo(volume("pvc-1", 1L << 30).spec());
            assertThat(store.get(Kind.VOLUME, "pvc-1")).contains(created);
            assertThat(store.get(Kind.VOLUME, "pvc-2")).isEmpty();
            // Kinds are separate name spaces.
            assertThat(store.get(Kind.NODE, "pvc-1")).isEmpty();
            assertThat(store.revision()).isEqualTo(1);
        }
    }

    @Test
    void createOfAnExistingNameIsRefusedAndWritesNothing() {
        try (SqliteStore store = SqliteStore.open(file())) {
            Volume first = store.create(volume("pvc-1", 4096));

            assertThatThrownBy(() -> store.create(volume("pvc-1", 8192)))
                    .isInstanceOf(AlreadyExistsException.class)
                    .hasMessage("Volume pvc-1 already exists");
            assertThat(store.revision()).isEqualTo(1);
            assertThat(store.get(Kind.VOLUME, "pvc-1")).contains(first);
            // The same name in another kind is another object.
            assertThat(store.create(node("pvc-1")).metadata().resourceVersion()).isEqualTo(2);
        }
    }

    @Test
    void updateMustCarryTheStoredVersion() {
        try (SqliteStore store = SqliteStore.open(file())) {
            Volume v = store.create(volume("pvc-1", 4096));
            Volume stale = v;
            for (int i = 0; i < 8; i++) {
                v = store.update(resized(v, 4096L * (i + 2)));
            }
            assertThat(v.metadata().resourceVersion()).isEqualTo(9);
            Volume readAtSeven = resized(stale, 1).withMetadata(stale.metadata().withResourceVersion(7));

            assertThatThrownBy(() -> store.update(readAtSeven))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("Volume pvc-1 was changed: you read version 7, it is now 9");
            assertThatThrownBy(() -> store.update(volume("pvc-9", 4096)))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("Volume pvc-9 does not exist");
            assertThat(store.revision()).isEqualTo(9);
            assertThat(store.get(Kind.VOLUME, "pvc-1")).contains(v);
        }
    }

    @Test
    void updateKeepsUidAndCreationTimeButTakesTheRestOfTheMetadata() {
        try (SqliteStore store = SqliteStore.open(file())) {
            Volume created = store.create(volume("pvc-1", 4096));
            Instant deleting = Instant.parse("2026-05-01T10:00:00Z");
            // A client that rebuilt the metadata from scratch, as an API client may.
            ObjectMeta rebuilt = new ObjectMeta("pvc-1", 1, null, null, deleting, Map.of("team", "a"));

            Volume updated = store.update(created.withMetadata(rebuilt));

            assertThat(updated.metadata().uid()).isEqualTo(created.metadata().uid());
            assertThat(updated.metadata().creationTimestamp())
                    .isEqualTo(created.metadata().creationTimestamp());
            assertThat(updated.metadata().deletionTimestamp()).isEqualTo(deleting);
            assertThat(updated.metadata().labels()).containsEntry("team", "a");
            assertThat(updated.metadata().resourceVersion()).isEqualTo(2);
            assertThat(store.get(Kind.VOLUME, "pvc-1")).contains(updated);
        }
    }

    @Test
    void deleteChecksTheVersionUnlessItIsZero() {
        try (SqliteStore store = SqliteStore.open(file())) {
            Volume a = store.create(volume("a", 4096));
            store.create(volume("b", 4096));
            Volume a2 = store.update(resized(a, 8192));

            assertThatThrownBy(() -> store.delete(Kind.VOLUME, "a", 1))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("Volume a was changed: you read version 1, it is now 3");
            assertThat(store.revision()).isEqualTo(3);

            store.delete(Kind.VOLUME, "a", a2.metadata().resourceVersion());
            assertThat(store.revision()).isEqualTo(4);
            store.delete(Kind.VOLUME, "b", 0);
            assertThat(store.revision()).isEqualTo(5);

            assertThat(store.list(Kind.VOLUME)).isEmpty();
            assertThatThrownBy(() -> store.delete(Kind.VOLUME, "a", 0))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("Volume a does not exist");
            assertThat(store.revision()).isEqualTo(5);
            // The name is free again, and the revision never goes back.
            assertThat(store.create(volume("a", 4096)).metadata().resourceVersion())
                    .isEqualTo(6);
        }
    }

    @Test
    void listGivesOneKindOrderedByName() {
        try (SqliteStore store = SqliteStore.open(file())) {
            for (String name : new String[] {"pvc-b", "pvc-c", "pvc-a", "pvc-10", "pvc-1"}) {
                store.create(volume(name, 4096));
            }
            store.create(node("node-1"));

            assertThat(store.list(Kind.VOLUME))
                    .extracting(Volume::name)
                    .containsExactly("pvc-1", "pvc-10", "pvc-a", "pvc-b", "pvc-c");
            assertThat(store.list(Kind.NODE)).extracting(Node::name).containsExactly("node-1");
            assertThat(store.list(Kind.ENGINE)).isEmpty();
        }
    }

    @Test
    void revisionAndObjectsSurviveReopen() {
        Volume kept;
        try (SqliteStore store = SqliteStore.open(file())) {
            kept = store.create(volume("kept", 4096));
            Volume gone = store.create(volume("gone", 4096));
            store.delete(Kind.VOLUME, "gone", gone.metadata().resourceVersion());
            assertThat(store.revision()).isEqualTo(3);
        }
        try (SqliteStore store = SqliteStore.open(file())) {
            assertThat(store.revision()).isEqualTo(3);
            assertThat(store.list(Kind.VOLUME)).containsExactly(kept);
            // A delete is a revision too, so the counter is not max(resource_version).
            assertThat(store.create(volume("next", 4096)).metadata().resourceVersion())
                    .isEqualTo(4);
        }
        try (SqliteStore store = SqliteStore.open(file())) {
            assertThat(store.revision()).isEqualTo(4);
        }
    }

    @Test
    void secondOpenOfTheSameFileIsRefusedWhileTheFirstIsOpen() {
        try (SqliteStore store = SqliteStore.open(file())) {
            store.create(volume("a", 4096));

            assertThatThrownBy(() -> SqliteStore.open(file()))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageContaining("cannot open the store")
                    .hasMessageContaining("locked");
            assertThat(store.get(Kind.VOLUME, "a")).isPresent();
        }
        try (SqliteStore store = SqliteStore.open(file())) {
            assertThat(store.revision()).isEqualTo(1);
        }
    }

    @Test
    void closedStoreRefusesCallsAndClosesOnce() {
        SqliteStore store = SqliteStore.open(file());
        store.create(volume("a", 4096));
        store.close();
        store.close();

        assertThatThrownBy(() -> store.get(Kind.VOLUME, "a"))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> store.create(volume("b", 4096))).isInstanceOf(UnavailableException.class);
    }

    @Test
    void unreadableRowFailsTheCallThatMeetsItInsteadOfVanishing() throws SQLException {
        try (SqliteStore store = SqliteStore.open(file())) {
            store.create(volume("good", 4096));
            store.create(volume("bad", 4096));
            store.create(volume("newer", 4096));
        }
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file());
                PreparedStatement truncate = raw.prepareStatement("UPDATE objects SET json = ? WHERE name = 'bad'");
                PreparedStatement addField = raw.prepareStatement(
                        "UPDATE objects SET json = replace(json, '\"spec\":{', '\"spec\":{\"encrypted\":true,')"
                                + " WHERE name = 'newer'")) {
            truncate.setString(1, "{\"metadata\":{\"name\":\"bad\"},\"spec\":");
            truncate.executeUpdate();
            // As a newer version with a field this one does not know would write it.
            addField.executeUpdate();
        }
        try (SqliteStore store = SqliteStore.open(file())) {
            assertThat(store.get(Kind.VOLUME, "good")).isPresent();
            assertThatThrownBy(() -> store.get(Kind.VOLUME, "bad"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stored Volume bad (version 2)")
                    .hasMessageContaining("cannot be read: not a valid Volume");
            assertThatThrownBy(() -> store.get(Kind.VOLUME, "newer"))
                    .hasMessageContaining("stored Volume newer (version 3)")
                    .hasMessageContaining("encrypted");
            assertThatThrownBy(() -> store.list(Kind.VOLUME)).hasMessageContaining("stored Volume bad");
            assertThatThrownBy(() -> store.watch(Set.of(Kind.VOLUME), e -> {}))
                    .hasMessageContaining("stored Volume bad");
            assertThatThrownBy(() -> store.delete(Kind.VOLUME, "bad", 0)).hasMessageContaining("stored Volume bad");
            assertThat(store.revision()).isEqualTo(3);
        }
    }

    /** Each create is one fsynced transaction; this is the price of durable writes, measured. */
    @Test
    void aThousandCreatesEachGetTheirOwnRevision() {
        // How fast is measured in bench/cluster-bench.sh; a test asserts what a user would notice.
        try (SqliteStore store = SqliteStore.open(file())) {
            store.create(volume("warm-up", 4096));
            for (int i = 0; i < 1000; i++) {
                store.create(volume("pvc-" + i, 4096));
            }
            assertThat(store.revision()).isEqualTo(1001);
            assertThat(store.list(Kind.VOLUME)).hasSize(1001);
        }
    }
}
