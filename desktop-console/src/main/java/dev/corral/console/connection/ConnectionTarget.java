package dev.corral.console.connection;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.v1.Credentials;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** Where the console connects: the embedded local cluster (started when needed) or a cluster's API. */
public sealed interface ConnectionTarget {
    String describe();

    /** The local cluster in {@code dir}, started with {@code nodes} nodes when it is not running. */
    record Local(Path dir, int nodes) implements ConnectionTarget {
        @Override
        public String describe() {
            return "local cluster in " + dir;
        }
    }

    /**
     * A cluster's API URL, with credentials when it asks for them, and for https the cluster's
     * certificate authority when the operator named it (else the JDK's public authorities).
     */
    record Remote(URI url, Optional<Credentials> credentials, Optional<X509Certificate> authority)
            implements ConnectionTarget {
        public Remote(URI url, Optional<Credentials> credentials) {
            this(url, credentials, Optional.empty());
        }

        public ApiEndpoint endpoint() {
            return new ApiEndpoint(url, credentials, authority);
        }

        @Override
        public String describe() {
            return url.toString();
        }
    }
}
