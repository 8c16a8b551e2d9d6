package dev.corral.controlplane.store;

import dev.corral.api.model.Kind;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Resource;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.store.AlreadyExistsException;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.NotFoundException;
import dev.corral.api.store.Store;
import dev.corral.api.store.UnavailableException;
import dev.corral.api.store.Watch;
import dev.corral.api.store.WatchEvent;
import dev.corral.api.store.WatchListener;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The control plane's store: each object one JSON row of a SQLite file, beside a one-row revision
 * counter that every write advances in the same transaction. The file is in WAL mode with
 * synchronous=FULL, so a write is on disk when its call returns, and a crash at any moment leaves
 * every acknowledged write and no half of any other.
 *
 * <p>One connection serves every call under one lock. Writes are serialized by SQLite anyway, and
 * the lock also orders watch registration between two writes, which is what makes a watch's
 * snapshot and its first change meet without a gap or an overlap. Events are queued under the
 * lock, after the commit, so a watcher never sees a write that could still be lost.
 */
public final class SqliteStore implements Store {
    private final Database db;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Dispatcher> watches = new CopyOnWriteArrayList<>();
    private final AtomicLong watchIds = new AtomicLong();
    private volatile long revision;
    // Guarded by lock.
    private boolean closed;
    // Guarded by lock. Set when a write failed and the file's revision no longer matches ours:
    // from then on nothing this instance says can be trusted, so it refuses everything.
    private UnavailableException broken;

    private SqliteStore(Database db, long revision) {
        this.db = db;
        this.revision = revision;
    }

    /**
     * Opens the store in {@code dbFile}, creating the file and its tables when missing. The file
     * stays locked against other processes until {@link #close()}.
     *
     * @throws UnavailableException when the file cannot be opened, is locked by another process,
     *     or is not a store this version can read
     */
    public static SqliteStore open(Path dbFile) {
        Database db;
        try {
            db = Database.open(dbFile);
        } catch (SQLException | IOException e) {
            throw new UnavailableException("cannot open the store " + dbFile + ": " + e.getMessage(), e);
        }
        try {
            return new SqliteStore(db, db.revision());
        } catch (SQLException e) {
            try {
                db.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UnavailableException("cannot read the revision of " + dbFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public <T extends Resource> Optional<T> get(Kind<T> kind, String name) {
        lock.lock();
        try {
            checkUsable();
            return db.find(kind.name(), name).map(row -> decode(kind, row));
        } catch (SQLException e) {
            throw unavailable("read " + kind.name() + " " + name, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T extends Resource> List<T> list(Kind<T> kind) {
        lock.lock();
        try {
            checkUsable();
            return decodeAll(kind);
        } catch (SQLException e) {
            throw unavailable("list " + kind.plural(), e);
        } finally {
            lock.unlock();
        }
    }

    // The refusals below are decided before the transaction begins: the lock keeps what was read
    // current until the write, and a refused call then costs no transaction at all.

    @Override
    public <T extends Resource> T create(T resource) {
        Kind<T> kind = Kind.of(resource);
        String name = resource.name();
        lock.lock();
        try {
            checkUsable();
            if (db.find(kind.name(), name).isPresent()) {
                throw new AlreadyExistsException(kind.name() + " " + name + " already exists");
            }
            long next = revision + 1;
            ObjectMeta meta = resource.metadata()
                    .withCreation(UUID.randomUUID().toString(), Instant.now())
                    .withResourceVersion(next);
            T stored = kind.cast(resource.withMetadata(meta));
            write(next, () -> db.insert(row(kind, stored)));
            publish(kind, new WatchEvent(WatchEvent.Type.ADDED, stored, next));
            return stored;
        } catch (SQLException e) {
            throw unavailable("read " + kind.name() + " " + name, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T extends Resource> T update(T resource) {
        Kind<T> kind = Kind.of(resource);
        String name = resource.name();
        lock.lock();
        try {
            checkUsable();
            Database.Row current = db.find(kind.name(), name).orElseThrow(() -> notFound(kind, name));
            long read = resource.metadata().resourceVersion();
            if (read != current.version()) {
                throw conflict(kind, name, read, current.version());
            }
            // uid and creation time belong to the store: a client that rebuilt the metadata (or
            // sent it through an API that drops them) must not erase them.
            ObjectMeta was = decode(kind, current).metadata();
            long next = revision + 1;
            ObjectMeta meta = resource.metadata()
                    .withCreation(was.uid(), was.creationTimestamp())
                    .withResourceVersion(next);
            T stored = kind.cast(resource.withMetadata(meta));
            write(next, () -> db.replace(row(kind, stored)));
            publish(kind, new WatchEvent(WatchEvent.Type.MODIFIED, stored, next));
            return stored;
        } catch (SQLException e) {
            throw unavailable("read " + kind.name() + " " + name, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void delete(Kind<?> kind, String name, long resourceVersion) {
        lock.lock();
        try {
            checkUsable();
            Database.Row current = db.find(kind.name(), name).orElseThrow(() -> notFound(kind, name));
            if (resourceVersion != 0 && resourceVersion != current.version()) {
                throw conflict(kind, name, resourceVersion, current.version());
            }
            // Decoded before the write so that a row that cannot be read is refused, not dropped
            // unseen; the DELETED event carries it.
            Resource last = decode(kind, current);
            long next = revision + 1;
            write(next, () -> db.remove(kind.name(), name));
            publish(kind, new WatchEvent(WatchEvent.Type.DELETED, last, next));
        } catch (SQLException e) {
            throw unavailable("read " + kind.name() + " " + name, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long revision() {
        return revision;
    }

    /**
     * Initial events carry the revision of the snapshot (the state they describe is the state as
     * of that revision), so that the listener sees revisions that never go down.
     */
    @Override
    public Watch watch(Set<Kind<?>> kinds, WatchListener listener) {
        Objects.requireNonNull(listener, "listener");
        List<Kind<?>> ordered =
                kinds.stream().sorted(Comparator.comparing(Kind::name)).toList();
        lock.lock();
        try {
            checkUsable();
            List<Resource> snapshot = new ArrayList<>();
            for (Kind<?> kind : ordered) {
                snapshot.addAll(decodeAll(kind));
            }
            long at = revision;
            Dispatcher watch =
                    new Dispatcher("store-watch-" + watchIds.incrementAndGet(), kinds, listener, watches::remove);
            for (Resource resource : snapshot) {
                watch.offer(new WatchEvent(WatchEvent.Type.ADDED, resource, at));
            }
            watch.offer(new WatchEvent(WatchEvent.Type.SYNCED, null, at));
            watches.add(watch);
            watch.start();
            return watch;
        } catch (SQLException e) {
            throw unavailable("list " + ordered + " for a watch", e);
        } finally {
            lock.unlock();
        }
    }

    /** Closes every watch and the file. Later calls fail with {@link UnavailableException}. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Dispatcher watch : watches) {
                watch.close();
            }
            db.close();
        } catch (SQLException e) {
            throw unavailable("close", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Commits {@code changes} as revision {@code next}. When the commit fails and the file's
     * revision is not ours any more (the commit may have landed without its sync, or we cannot
     * even tell), the store stops serving: its in-memory revision and the watch streams would
     * otherwise go on from a state the file does not have.
     */
    private void write(long next, Database.Changes changes) {
        try {
            db.write(next, changes);
            revision = next;
        } catch (SQLException e) {
            UnavailableException failure = unavailable("write revision " + next, e);
            long stored;
            try {
                stored = db.revision();
            } catch (SQLException unknown) {
                failure.addSuppressed(unknown);
                stored = -1;
            }
            if (stored != revision) {
                broken = new UnavailableException(
                        "the store " + db.file() + " stopped after a failed write (revision " + next
                                + "); reopen it to continue",
                        failure);
                throw broken;
            }
            throw failure;
        }
    }

    private void publish(Kind<?> kind, WatchEvent event) {
        for (Dispatcher watch : watches) {
            if (watch.wants(kind)) {
                watch.offer(event);
            }
        }
    }

    private <T extends Resource> List<T> decodeAll(Kind<T> kind) throws SQLException {
        List<T> out = new ArrayList<>();
        for (Database.Row row : db.list(kind.name())) {
            out.add(decode(kind, row));
        }
        return out;
    }

    /**
     * A row that does not parse (hand-edited, or written by a newer version with fields this one
     * does not know) fails the call that meets it; skipping it would lose the object silently.
     */
    private <T extends Resource> T decode(Kind<T> kind, Database.Row row) {
        try {
            return ResourceJson.read(kind, row.json());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "stored " + kind.name() + " " + row.name() + " (version " + row.version() + ") in " + db.file()
                            + " cannot be read: " + e.getMessage(),
                    e);
        }
    }

    private static Database.Row row(Kind<?> kind, Resource stored) {
        return new Database.Row(
                kind.name(),
                stored.name(),
                ResourceJson.write(stored),
                stored.metadata().resourceVersion());
    }

    private void checkUsable() {
        if (closed) {
            throw new UnavailableException("the store is closed (the control plane is stopping)");
        }
        if (broken != null) {
            throw broken;
        }
    }

    private UnavailableException unavailable(String what, SQLException e) {
        return new UnavailableException("store " + db.file() + ": cannot " + what + ": " + e.getMessage(), e);
    }

    private static NotFoundException notFound(Kind<?> kind, String name) {
        return new NotFoundException(kind.name() + " " + name + " does not exist");
    }

    private static ConflictException conflict(Kind<?> kind, String name, long read, long stored) {
        return new ConflictException(
                kind.name() + " " + name + " was changed: you read version " + read + ", it is now " + stored);
    }
}
