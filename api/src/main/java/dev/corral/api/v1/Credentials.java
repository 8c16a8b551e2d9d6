package dev.corral.api.v1;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * A user and password for the API's HTTP basic authentication, kept in a file of one
 * {@code user:password} line that only its owner may read. {@link #toString()} never shows the
 * password, so a credentials object can be logged by mistake without leaking it.
 */
public record Credentials(String user, String password) {
    private static final String BASIC = "Basic ";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> SHARED = Set.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("the user name must be non-empty and contain no ':'");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password must not be empty");
        }
    }

    /**
     * Reads {@code file}: its first non-blank line is {@code user:password}.
     *
     * @throws IOException when it cannot be read, is readable or writable by group or others, or
     *     holds no such line; the message names the file and what to do
     */
    public static Credentials load(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
            if (permissions.stream().anyMatch(SHARED::contains)) {
                throw new IOException("credentials file " + file + " is accessible to group or others ("
                        + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
            }
        }
        String line = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElseThrow(() -> new IOException("credentials file " + file + " is empty; expected user:password"));
        int colon = line.indexOf(':');
        if (colon <= 0 || colon == line.length() - 1) {
            throw new IOException("credentials file " + file + " must hold one line user:password");
        }
        return new Credentials(line.substring(0, colon), line.substring(colon + 1));
    }

    /** A new password of 144 random bits (24 URL-safe characters) for {@code user}. */
    public static Credentials generate(String user) {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return new Credentials(user, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Writes a new file only its owner can read and write; refuses to replace an existing one. */
    public void writeNew(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (Files.getFileStore(file.toAbsolutePath().getParent())
                .supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, user + ":" + password + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file);
    }

    /** The value of an {@code Authorization} header carrying these credentials. */
    public String authorization() {
        return BASIC + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether an {@code Authorization} header carries these credentials. The decoded
     * {@code user:password} and ours are hashed first and compared with
     * {@link MessageDigest#isEqual}, so the time taken tells an attacker neither how much of the
     * password matched nor its length.
     */
    public boolean admits(String authorizationHeader) {
        if (authorizationHeader == null) {
            return false;
        }
        String header = authorizationHeader.strip();
        if (!header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(BASIC.length()).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(given), sha256((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=<hidden>]";
    }
}
