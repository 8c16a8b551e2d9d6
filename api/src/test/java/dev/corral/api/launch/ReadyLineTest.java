package dev.corral.api.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadyLineTest {
    @Test
    void aFormattedLineParsesBackToItsFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("pid", "4242");
        fields.put("role", "replica");
        fields.put("address", "127.0.0.1:40123");
        String line = ReadyLine.format(fields);

        assertThat(line).isEqualTo("CORRAL-READY pid=4242 role=replica address=127.0.0.1:40123");
        ReadyLine parsed = ReadyLine.parse(line).orElseThrow();
        assertThat(parsed.fields()).isEqualTo(fields);
        assertThat(parsed.pid()).isEqualTo(4242);
        assertThat(parsed.field("address")).isEqualTo("127.0.0.1:40123");
    }

    @Test
    void otherLinesAreNotReadyLines() {
        assertThat(ReadyLine.parse("INFO CORRAL-READY pid=1")).isEmpty();
        assertThat(ReadyLine.parse("CORRAL-READYpid=1")).isEmpty();
    }

    @Test
    void aMissingFieldIsNamedInTheError() {
        ReadyLine line = ReadyLine.parse("CORRAL-READY role=agent").orElseThrow();
        assertThatThrownBy(() -> line.field("url")).hasMessageContaining("no field url");
    }
}
