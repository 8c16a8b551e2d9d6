package dev.corral.api.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * What one process of a cluster needs to prove who it is and to know its peers: its {@link
 * Identity} and the cluster's authority, the only issuer it believes. Every process takes it as
 * {@code --identity DIR}, a directory holding {@code identity.key} (mode 600), {@code identity.crt}
 * and {@code ca.crt}; the authority's key is never in it.
 */
public record ClusterIdentity(Identity identity, X509Certificate authority) {
    static final String NAME = "identity";
    static final String AUTHORITY_FILE = "ca.crt";

    public Principal principal() {
        return identity.principal();
    }

    /** Reads DIR; fails naming the file that is missing or unreadable. */
    public static ClusterIdentity load(Path dir) throws IOException {
        for (String file : List.of(NAME + ".key", NAME + ".crt", AUTHORITY_FILE)) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new IOException("no " + file + " in the identity directory " + dir);
            }
        }
        return new ClusterIdentity(Identity.load(dir, NAME), Identity.authority(dir.resolve(AUTHORITY_FILE)));
    }

    /** {@link #load}, or nothing when {@code dir} is null (a process started without one). */
    public static Optional<ClusterIdentity> loadIf(Path dir) throws IOException {
        return dir == null ? Optional.empty() : Optional.of(load(dir));
    }

    /** Writes DIR (mode 700) with the key mode 600. */
    public void save(Path dir) throws IOException {
        identity.save(dir, NAME);
        PrivateFiles.write(
                dir.resolve(AUTHORITY_FILE), Identity.pem(List.of(authority)).getBytes(StandardCharsets.US_ASCII));
    }

    /** Issues {@code principal}'s identity from {@code authority} and saves it in DIR. */
    public static ClusterIdentity issue(ClusterAuthority authority, Principal principal, List<String> hosts, Path dir)
            throws IOException {
        ClusterIdentity issued = new ClusterIdentity(authority.issue(principal, hosts), authority.certificate());
        issued.save(dir);
        return issued;
    }

    /** The authority's certificate as PEM, for a TLS library that reads PEM trust anchors. */
    public String authorityPem() throws IOException {
        return Identity.pem(List.of(authority));
    }

    /** A TLS server presenting this identity, asking its clients for a certificate of the authority. */
    public SSLContext serverContext() {
        return TlsContexts.server(identity, authority);
    }

    /** A TLS client presenting this identity and believing only servers of the authority. */
    public SSLContext clientContext() {
        return TlsContexts.client(authority, Optional.of(identity));
    }
}
