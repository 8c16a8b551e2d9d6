package dev.corral.engine.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.units.ByteSize;
import org.junit.jupiter.api.Test;

class ByteSizeAndHostPortTest {
    @Test
    void sizesReadTheWayOperatorsWriteThem() {
        assertThat(ByteSize.parse("4096")).isEqualTo(4096);
        assertThat(ByteSize.parse("1Gi")).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("1G")).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("512Mi")).isEqualTo(512L << 20);
        assertThat(ByteSize.parse("10 GiB")).isEqualTo(10L << 30);
        assertThat(ByteSize.format(1536L << 20)).isEqualTo("1.5 GiB");
    }

    @Test
    void badSizesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ByteSize.parse("12X")).hasMessageContaining("invalid size '12X'");
        assertThatThrownBy(() -> ByteSize.parse("-1G")).hasMessageContaining("invalid size");
        assertThatThrownBy(() -> ByteSize.parse("99999999999P")).hasMessageContaining("too large");
    }

    @Test
    void addressesParseWithIpv6Brackets() {
        assertThat(HostPort.parse("127.0.0.1:9500")).isEqualTo(new HostPort("127.0.0.1", 9500));
        assertThat(HostPort.parse("[::1]:0")).isEqualTo(new HostPort("::1", 0));
        assertThat(new HostPort("::1", 80).toString()).isEqualTo("[::1]:80");
        assertThatThrownBy(() -> HostPort.parse("::1:80")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> HostPort.parse("host")).hasMessageContaining("expected HOST:PORT");
        assertThatThrownBy(() -> HostPort.parse("host:70000")).hasMessageContaining("outside 0..65535");
    }
}
