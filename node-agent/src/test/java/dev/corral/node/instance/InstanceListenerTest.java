package dev.corral.node.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.engine.util.HostPort;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the instance process refuses to serve, before it opens or locks anything. */
class InstanceListenerTest {
    @TempDir
    Path tmp;

    @Test
    void withoutAnIdentityOnlyLoopbackIsServed() {
        Path dir = tmp.resolve("instance");
        assertThatThrownBy(
                        () -> InstanceProcess.run(new InstanceProcess.Settings(dir, "10.0.0.7", 0, Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("refusing to serve the node API on 10.0.0.7 without authentication")
                .hasMessageContaining("--identity DIR");
        assertThat(dir).doesNotExist();

        assertThat(HostPort.isLoopback("127.0.0.1")).isTrue();
        assertThat(HostPort.isLoopback("127.0.1.3")).isTrue();
        assertThat(HostPort.isLoopback("::1")).isTrue();
        assertThat(HostPort.isLoopback("0.0.0.0")).isFalse();
        assertThat(HostPort.isLoopback("node-1.example")).isFalse();
    }

    @Test
    void anIdentityMustBeANodes() {
        ClusterAuthority authority = ClusterAuthority.create("test", Clock.systemUTC());
        ClusterIdentity controlPlane = new ClusterIdentity(
                authority.issue(Principal.controlPlane(), List.of("10.0.0.7")), authority.certificate());
        Path dir = tmp.resolve("instance");
        assertThatThrownBy(() -> InstanceProcess.run(
                        new InstanceProcess.Settings(dir, "10.0.0.7", 0, Optional.of(controlPlane))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "its identity must be a node's (node/NAME); this one is control-plane/control-plane");
        assertThat(dir).doesNotExist();
    }
}
