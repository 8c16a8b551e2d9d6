package dev.corral.console.profiles;

import dev.corral.api.security.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the passwords kept in connection profiles: AES-256-GCM, a fresh 12-byte nonce per
 * secret, the profile's name as associated data (a ciphertext copied to another profile does not
 * decrypt), under a 32-byte key from SecureRandom in {@code console.key} (mode 600) beside the
 * profiles. What this protects against: the profiles file read, shared or backed up on its own.
 * What it does not: someone who can read the user's whole config directory has the key too. An OS
 * keyring (libsecret over D-Bus) would keep the key out of the home directory, but the machines
 * this console runs on are often headless, with no D-Bus session to ask.
 */
public final class SecretVault {
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path keyFile;

    public SecretVault(Path dir) {
        this.keyFile = dir.resolve("console.key");
    }

    public String encrypt(String profile, char[] password) throws IOException {
        ByteBuffer plain = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, profile, nonce).doFinal(plain.array(), 0, plain.limit());
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(NONCE + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt the password of profile " + profile, e);
        } finally {
            Arrays.fill(plain.array(), (byte) 0);
        }
    }

    /** @throws IOException with a message that says to enter the password again */
    public char[] decrypt(String profile, String sealed) throws IOException {
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            if (all.length <= NONCE) {
                throw new GeneralSecurityException("too short");
            }
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, profile, Arrays.copyOf(all, NONCE));
            byte[] plain = cipher.doFinal(all, NONCE, all.length - NONCE);
            CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
            char[] password = new char[decoded.remaining()];
            decoded.get(password);
            Arrays.fill(plain, (byte) 0);
            Arrays.fill(decoded.array(), '\0');
            return password;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(
                    "the stored password for profile " + profile + " cannot be decrypted; enter it again", e);
        }
    }

    private Cipher cipher(int mode, String profile, byte[] nonce) throws GeneralSecurityException, IOException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(profile.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private byte[] key() throws IOException {
        if (Files.exists(keyFile)) {
            byte[] key = Files.readAllBytes(keyFile);
            if (key.length != 32) {
                throw new IOException(keyFile + " is not a 32-byte key");
            }
            return key;
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        PrivateFiles.write(keyFile, key);
        return key;
    }
}
