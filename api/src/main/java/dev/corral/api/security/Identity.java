package dev.corral.api.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A private key and its certificate chain (leaf first), as a process proves who it is. Stored as
 * two PEM files: {@code NAME.key} (mode 600) and {@code NAME.crt}.
 */
public record Identity(PrivateKey key, List<X509Certificate> chain) {
    public Identity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an identity needs its certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.getFirst();
    }

    public Principal principal() {
        return Principal.of(certificate());
    }

    /** The key as PKCS#8 PEM, for a TLS library that reads PEM (keep it off disks and logs). */
    public String keyPem() throws IOException {
        return pkcs8(key, certificate());
    }

    /** The certificate chain as PEM, leaf first. */
    public String chainPem() throws IOException {
        return pem(chain);
    }

    public void save(Path dir, String name) throws IOException {
        PrivateFiles.write(dir.resolve(name + ".key"), pkcs8(key, certificate()).getBytes(StandardCharsets.US_ASCII));
        PrivateFiles.write(dir.resolve(name + ".crt"), pem(chain).getBytes(StandardCharsets.US_ASCII));
    }

    public static Identity load(Path dir, String name) throws IOException {
        Path keyFile = dir.resolve(name + ".key");
        List<Object> keys = read(keyFile);
        if (keys.size() != 1 || !(keys.getFirst() instanceof PrivateKeyInfo info)) {
            throw new IOException(keyFile + " does not hold one private key");
        }
        PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
        return new Identity(key, certificates(dir.resolve(name + ".crt")));
    }

    /**
     * The one certificate in a PEM file that names a cluster's authority (a CA file an operator
     * gives, or {@code ca.crt}); anything else in it is refused, since only one issuer is believed.
     */
    public static X509Certificate authority(Path file) throws IOException {
        List<X509Certificate> certificates = certificates(file);
        if (certificates.size() != 1) {
            throw new IOException(file + " must hold the cluster's CA certificate alone, not " + certificates.size()
                    + " certificates");
        }
        return certificates.getFirst();
    }

    /** Every certificate in a PEM file, in order. */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : read(file)) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new IOException(file + " holds something other than certificates");
            }
            try {
                certificates.add(converter.getCertificate(holder));
            } catch (CertificateException e) {
                throw new IOException("unreadable certificate in " + file, e);
            }
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no certificate");
        }
        return certificates;
    }

    static String pem(List<?> objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        }
        return text.toString();
    }

    /**
     * PKCS#8 ("PRIVATE KEY"), what OpenSSL, GnuTLS, Go and Java all read. The JDK encodes an EC key
     * without its public point, which GnuTLS (libnbd, nbd-client) refuses, so the point is taken
     * from the certificate and written inside the key, as OpenSSL does.
     */
    static String pkcs8(PrivateKey key, X509Certificate certificate) throws IOException {
        if (!(key instanceof ECPrivateKey ec)) {
            throw new IOException("a Corral identity's key is an EC key, not " + key.getAlgorithm());
        }
        SubjectPublicKeyInfo publicKey =
                SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
        PrivateKeyInfo info = new PrivateKeyInfo(
                publicKey.getAlgorithm(),
                // Qualified: the JDK's ECPrivateKey interface is the other one in this method.
                new org.bouncycastle.asn1.sec.ECPrivateKey(
                        ec.getParams().getOrder().bitLength(), ec.getS(), publicKey.getPublicKeyData(), null));
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new PemObject("PRIVATE KEY", info.getEncoded()));
        }
        return text.toString();
    }

    private static List<Object> read(Path file) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        }
        return objects;
    }
}
