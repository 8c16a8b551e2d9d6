package dev.corral.api.security;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's certificate authority: created once when a cluster is made (the local cluster's
 * directory; a Secret on Kubernetes), it issues every process its identity. Whoever holds its key
 * can enrol nodes, so it lives only where the cluster is administered: {@code ca.key} mode 600 in
 * a directory mode 700. Keys are ECDSA P-256, serial numbers 128 random bits.
 */
public final class ClusterAuthority {
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration LEAF_VALIDITY = Duration.ofDays(825);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Identity authority;
    private final Clock clock;

    private ClusterAuthority(Identity authority, Clock clock) {
        this.authority = authority;
        this.clock = clock;
    }

    /** A new authority for the cluster {@code clusterName}. */
    public static ClusterAuthority create(String clusterName, Clock clock) {
        try {
            KeyPair keys = newKeys();
            Instant now = clock.instant();
            X500Principal subject = new X500Principal("CN=corral-ca " + clusterName + ",O=corral");
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject,
                            serial(),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(CA_VALIDITY)),
                            subject,
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            return new ClusterAuthority(new Identity(keys.getPrivate(), List.of(certificate)), clock);
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the cluster's certificate authority", e);
        }
    }

    public static ClusterAuthority load(Path dir, Clock clock) throws IOException {
        return new ClusterAuthority(Identity.load(dir, "ca"), clock);
    }

    /** The authority from {@code dir}, created there first if it has none. */
    public static ClusterAuthority loadOrCreate(Path dir, String clusterName, Clock clock) throws IOException {
        if (Files.exists(dir.resolve("ca.key"))) {
            return load(dir, clock);
        }
        ClusterAuthority created = create(clusterName, clock);
        created.save(dir);
        return created;
    }

    public void save(Path dir) throws IOException {
        authority.save(dir, "ca");
    }

    public X509Certificate certificate() {
        return authority.certificate();
    }

    /** SHA-256 of the authority's certificate, as a node about to enrol checks it. */
    public String fingerprint() {
        return Fingerprints.sha256(certificate());
    }

    /**
     * A new key and a certificate for {@code principal}, valid for both ends of TLS, naming the
     * host names and IP addresses it serves on (for the peer's host name check).
     */
    public Identity issue(Principal principal, List<String> hosts) {
        try {
            KeyPair keys = newKeys();
            return new Identity(keys.getPrivate(), List.of(sign(principal, keys.getPublic(), hosts), certificate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + principal, e);
        }
    }

    /** A certificate for a key the holder made itself (enrolment: the key never leaves its node). */
    public X509Certificate sign(Principal principal, PublicKey key, List<String> hosts) {
        try {
            Instant now = clock.instant();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            certificate(),
                            serial(),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(LEAF_VALIDITY)),
                            new X500Principal(principal.distinguishedName()),
                            key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(certificate()));
            if (!hosts.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(hosts));
            }
            return sign(builder, authority.key());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate for " + principal, e);
        }
    }

    private static GeneralNames alternativeNames(List<String> hosts) {
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            names.add(
                    isIpLiteral(host)
                            ? new GeneralName(GeneralName.iPAddress, host)
                            : new GeneralName(GeneralName.dNSName, host));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static boolean isIpLiteral(String host) {
        try {
            InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new BigInteger(1, bytes);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    }

    @Override
    public String toString() {
        return "ClusterAuthority[" + certificate().getSubjectX500Principal().getName() + " "
                + HexFormat.of().formatHex(certificate().getSerialNumber().toByteArray()) + "]";
    }
}
