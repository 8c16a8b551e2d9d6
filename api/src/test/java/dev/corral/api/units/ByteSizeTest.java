package dev.corral.api.units;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void aWholeNumberOfItsUnitIsShownWholeAndReadsBack() {
        assertThat(ByteSize.format(1L << 30)).isEqualTo("1 GiB");
        assertThat(ByteSize.format(512L << 20)).isEqualTo("512 MiB");
        assertThat(ByteSize.format(4096)).isEqualTo("4 KiB");
        assertThat(ByteSize.parse(ByteSize.format(100L << 30))).isEqualTo(100L << 30);
    }

    @Test
    void anythingElseGetsOneDecimal() {
        assertThat(ByteSize.format(1536L << 20)).isEqualTo("1.5 GiB");
        assertThat(ByteSize.format((60L << 30) + 12345)).isEqualTo("60.0 GiB");
        assertThat(ByteSize.format(1023)).isEqualTo("1023 B");
        assertThat(ByteSize.format(0)).isEqualTo("0 B");
        // Sizes from clients reach 8 EiB; a refusal must still be able to name them.
        assertThat(ByteSize.format(4L << 60)).isEqualTo("4 EiB");
        assertThat(ByteSize.format(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }
}
