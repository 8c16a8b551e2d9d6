package dev.corral.console.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.console.volumes.VolumeForm.Field;
import dev.corral.console.volumes.VolumeForm.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeFormTest {
    @Test
    void aValidFormIsTheRequestWithTheSizeInBytes() {
        Result result = VolumeForm.check("pg-data", "10Gi", 3, 3);
        assertThat(result).isInstanceOf(Result.Valid.class);
        var request = ((Result.Valid) result).request();
        assertThat(request.name()).isEqualTo("pg-data");
        assertThat(request.size()).isEqualTo(Long.toString(10L << 30));
        assertThat(request.numberOfReplicas()).isEqualTo(3);
    }

    @Test
    void namesFollowTheDnsLabelRule() {
        assertThat(errors("Pg", "1Gi", 1, 3)).containsKey(Field.NAME);
        assertThat(errors("-pg", "1Gi", 1, 3)).containsKey(Field.NAME);
        assertThat(errors("pg-", "1Gi", 1, 3)).containsKey(Field.NAME);
        assertThat(errors("a".repeat(64), "1Gi", 1, 3)).containsKey(Field.NAME);
        assertThat(errors("", "1Gi", 1, 3)).containsKey(Field.NAME);
        assertThat(VolumeForm.check("a".repeat(63), "1Gi", 1, 3)).isInstanceOf(Result.Valid.class);
        assertThat(VolumeForm.check("v1", "1Gi", 1, 3)).isInstanceOf(Result.Valid.class);
    }

    @Test
    void sizesTakeUnitsAndMustBeWholeBlocks() {
        assertThat(VolumeForm.check("v", "512Mi", 1, 1)).isInstanceOf(Result.Valid.class);
        assertThat(VolumeForm.check("v", "4096", 1, 1)).isInstanceOf(Result.Valid.class);
        assertThat(errors("v", "ten gigs", 1, 1)).containsKey(Field.SIZE);
        assertThat(errors("v", "0", 1, 1)).containsKey(Field.SIZE);
        assertThat(errors("v", "1000", 1, 1).get(Field.SIZE)).contains("4 KiB");
    }

    @Test
    void replicasCannotOutnumberTheSchedulableNodes() {
        assertThat(errors("v", "1Gi", 3, 2).get(Field.REPLICAS))
                .isEqualTo("3 replicas need 3 schedulable nodes; 2 can take one now");
        assertThat(errors("v", "1Gi", 0, 2)).containsKey(Field.REPLICAS);
    }

    private static Map<Field, String> errors(String name, String size, int replicas, long nodes) {
        return ((Result.Invalid) VolumeForm.check(name, size, replicas, nodes)).errors();
    }
}
