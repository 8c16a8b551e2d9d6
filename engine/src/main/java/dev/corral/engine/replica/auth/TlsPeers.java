package dev.corral.engine.replica.auth;

import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;

/** TLS engines for each end of a replica connection, and the certificate the other end proved. */
final class TlsPeers {
    private TlsPeers() {}

    static SslHandler server(PeerAuthentication.MutualTls tls) {
        SSLEngine engine = tls.context().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(true);
        return handler(engine, tls);
    }

    static SslHandler client(PeerAuthentication.MutualTls tls) {
        SSLEngine engine = tls.context().createSSLEngine();
        engine.setUseClientMode(true);
        return handler(engine, tls);
    }

    private static SslHandler handler(SSLEngine engine, PeerAuthentication.MutualTls tls) {
        SslHandler handler = new SslHandler(engine);
        handler.setHandshakeTimeoutMillis(tls.handshakeTimeout().toMillis());
        return handler;
    }

    static X509Certificate peerCertificate(SslHandler ssl, String peer) throws PeerAuthenticationException {
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate certificate) {
                return certificate;
            }
        } catch (SSLPeerUnverifiedException e) {
            throw new PeerAuthenticationException("the " + peer + " presented no certificate", e);
        }
        throw new PeerAuthenticationException("the " + peer + " presented no X.509 certificate");
    }
}
