package dev.corral.controlplane.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQLite file under the store: one connection, its prepared statements and the write
 * transaction. Not thread-safe; {@link SqliteStore} calls it under its lock. Knows rows, not
 * resources, so that the store's rules (versions, conflicts, events) live in one place.
 */
final class Database implements AutoCloseable {
    /** Bumped when the tables change; a file from a newer Corral is refused, not misread. */
    static final int SCHEMA_VERSION = 1;

    record Row(String kind, String name, String json, long version) {}

    @FunctionalInterface
    interface Changes {
        void apply() throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    private final PreparedStatement find;
    private final PreparedStatement listKind;
    private final PreparedStatement insert;
    private final PreparedStatement replace;
    private final PreparedStatement remove;
    private final PreparedStatement readRevision;
    private final PreparedStatement writeRevision;

    private Database(Path file, Connection connection) throws SQLException {
        this.file = file;
        this.connection = connection;
        begin = connection.prepareStatement("BEGIN IMMEDIATE");
        commit = connection.prepareStatement("COMMIT");
        rollback = connection.prepareStatement("ROLLBACK");
        find = connection.prepareStatement("SELECT json, resource_version FROM objects WHERE kind = ? AND name = ?");
        listKind = connection.prepareStatement(
                "SELECT name, json, resource_version FROM objects WHERE kind = ? ORDER BY name");
        insert = connection.prepareStatement(
                "INSERT INTO objects (kind, name, json, resource_version) VALUES (?, ?, ?, ?)");
        replace = connection.prepareStatement(
                "UPDATE objects SET json = ?, resource_version = ? WHERE kind = ? AND name = ?");
        remove = connection.prepareStatement("DELETE FROM objects WHERE kind = ? AND name = ?");
        readRevision = connection.prepareStatement("SELECT value FROM revision WHERE id = 1");
        writeRevision = connection.prepareStatement("UPDATE revision SET value = ? WHERE id = 1");
    }

    /** Opens {@code file}, creating it and its tables when missing. */
    static Database open(Path file) throws SQLException, IOException {
        Path absolute = file.toAbsolutePath();
        boolean created = !Files.exists(absolute);
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + absolute);
        try {
            configure(connection);
            createSchema(connection);
            if (created) {
                syncDirectory(absolute.getParent());
            }
            return new Database(absolute, connection);
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    Path file() {
        return file;
    }

    /**
     * The pragmas the store's promises rest on, checked rather than assumed: SQLite answers a
     * journal mode it cannot use with the mode it kept.
     */
    private static void configure(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // One process owns the file: the store keeps the revision and the watch streams in
            // memory, so a second writer would make both wrong. Set before WAL is entered, the
            // exclusive lock also spares the WAL index its shared-memory file.
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            // WAL: a commit appends to the log and syncs it; a crash mid-append leaves a torn tail
            // that recovery ignores, so a transaction is all there or not there.
            String mode = pragma(s, "PRAGMA journal_mode = WAL");
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new SQLException("SQLite refused WAL journal mode (kept " + mode + ")");
            }
            // FULL: the log is fsynced at every commit, so a write is durable when the call
            // returns (NORMAL would sync only at checkpoints and can lose the last commits to a
            // power cut).
            s.execute("PRAGMA synchronous = FULL");
            String synchronous = pragma(s, "PRAGMA synchronous");
            if (!"2".equals(synchronous)) {
                throw new SQLException("SQLite refused synchronous=FULL (kept " + synchronous + ")");
            }
        }
    }

    private static String pragma(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void createSchema(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // IMMEDIATE takes the write lock now, so a second process fails here, at open.
            s.execute("BEGIN IMMEDIATE");
            try {
                int version = Integer.parseInt(pragma(s, "PRAGMA user_version"));
                if (version > SCHEMA_VERSION) {
                    throw new SQLException("schema version " + version + " is newer than this Corral's ("
                            + SCHEMA_VERSION + "); refusing to read it");
                }
                s.execute("CREATE TABLE IF NOT EXISTS objects ("
                        + " kind TEXT NOT NULL,"
                        + " name TEXT NOT NULL,"
                        + " json TEXT NOT NULL,"
                        + " resource_version INTEGER NOT NULL,"
                        + " PRIMARY KEY (kind, name)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS revision ("
                        + " id INTEGER PRIMARY KEY CHECK (id = 1),"
                        + " value INTEGER NOT NULL)");
                s.execute("INSERT OR IGNORE INTO revision (id, value) VALUES (1, 0)");
                s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(s, e);
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Statement s, Exception cause) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * A new file's directory entry is only durable once the directory is synced; without it a
     * power cut soon after the first start could lose the whole file. SQLite syncs the directory
     * for its WAL, not for the database file it was asked to create.
     */
    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    long revision() throws SQLException {
        try (ResultSet rs = readRevision.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the revision row is missing");
            }
            return rs.getLong(1);
        }
    }

    Optional<Row> find(String kind, String name) throws SQLException {
        find.setString(1, kind);
        find.setString(2, name);
        try (ResultSet rs = find.executeQuery()) {
            return rs.next() ? Optional.of(new Row(kind, name, rs.getString(1), rs.getLong(2))) : Optional.empty();
        }
    }

    List<Row> list(String kind) throws SQLException {
        listKind.setString(1, kind);
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = listKind.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(kind, rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return rows;
    }

    void insert(Row row) throws SQLException {
        insert.setString(1, row.kind());
        insert.setString(2, row.name());
        insert.setString(3, row.json());
        insert.setLong(4, row.version());
        expectOneRow(insert.executeUpdate(), "insert", row.kind(), row.name());
    }

    void replace(Row row) throws SQLException {
        replace.setString(1, row.json());
        replace.setLong(2, row.version());
        replace.setString(3, row.kind());
        replace.setString(4, row.name());
        expectOneRow(replace.executeUpdate(), "update", row.kind(), row.name());
    }

    void remove(String kind, String name) throws SQLException {
        remove.setString(1, kind);
        remove.setString(2, name);
        expectOneRow(remove.executeUpdate(), "delete", kind, name);
    }

    /**
     * Applies {@code changes} and sets the revision counter to {@code revision} in one
     * transaction; durable when this returns. On failure the transaction is rolled back and the
     * exception thrown.
     */
    void write(long revision, Changes changes) throws SQLException {
        begin.execute();
        try {
            changes.apply();
            writeRevision.setLong(1, revision);
            expectOneRow(writeRevision.executeUpdate(), "advance", "revision", "counter");
            commit.execute();
        } catch (SQLException | RuntimeException e) {
            try {
                rollback.execute();
            } catch (SQLException suppressed) {
                // A failed COMMIT may already have ended the transaction; the caller checks the
                // stored revision to learn what happened.
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void expectOneRow(int count, String what, String kind, String name) throws SQLException {
        if (count != 1) {
            throw new SQLException(what + " of " + kind + " " + name + " touched " + count + " rows, not 1");
        }
    }

    @Override
    public void close() throws SQLException {
        // Closing the connection closes its statements; as the last connection it also
        // checkpoints the WAL into the database file.
        connection.close();
    }
}
