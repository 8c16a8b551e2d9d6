package dev.corral.api.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import org.junit.jupiter.api.Test;

class NbdUrisTest {
    @Test
    void aUnixEndpointNamesItsSocketAndExport() {
        URI uri = URI.create("nbd+unix:///vol-1?socket=/var/lib/corral/nodes/node-1/instance/nbd/vol-1.sock");
        assertThat(NbdUris.address(uri))
                .isEqualTo(UnixDomainSocketAddress.of("/var/lib/corral/nodes/node-1/instance/nbd/vol-1.sock"));
        assertThat(NbdUris.export(uri)).isEqualTo("vol-1");
    }

    @Test
    void aTcpEndpointNamesHostAndPort() {
        URI uri = URI.create("nbd://127.0.1.2:10809/v");
        assertThat(NbdUris.address(uri)).isEqualTo(new InetSocketAddress("127.0.1.2", 10809));
        assertThat(NbdUris.export(uri)).isEqualTo("v");
    }

    @Test
    void anythingElseIsRefusedSayingWhichFormsAreRead() {
        assertThatThrownBy(() -> NbdUris.address(URI.create("nbd+unix:///v"))).hasMessageContaining("socket=PATH");
        assertThatThrownBy(() -> NbdUris.address(URI.create("http://x/v"))).hasMessageContaining("nbd+unix");
        assertThatThrownBy(() -> NbdUris.address(URI.create("nbd:///v"))).hasMessageContaining("HOST:PORT");
    }
}
