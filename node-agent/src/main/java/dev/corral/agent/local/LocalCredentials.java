package dev.corral.agent.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The local cluster's API credentials: user "admin" and a random password from SecureRandom, in a
 * file only its owner can read (`user:password`), which the control plane, the agents and the CLI
 * are given. Created once; never printed.
 */
final class LocalCredentials {
    static final String USER = "admin";

    private LocalCredentials() {}

    static void create(Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, USER + ":" + HexFormat.of().formatHex(secret) + "\n");
    }
}
