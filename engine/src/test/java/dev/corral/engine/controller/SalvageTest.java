package dev.corral.engine.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.controller.Salvage.Candidate;
import dev.corral.engine.replica.ReplicaInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class SalvageTest {
    private static Candidate replica(String address, boolean dirty, long revision, long mtime, long headBytes) {
        return new Candidate(
                address,
                new ReplicaInfo(
                        1 << 20, "volume-head", List.of("volume-head"), dirty, revision, false, mtime, headBytes));
    }

    @Test
    void cleanReplicasThatAgreeAllServe() {
        assertThat(Salvage.outdated(
                        List.of(replica("a", false, 0, 100_000, 4096), replica("b", false, 0, 101_000, 4096))))
                .isEmpty();
    }

    @Test
    void cleanEmptyReplicasCreatedFarApartAllServe() {
        assertThat(Salvage.outdated(List.of(
                        replica("a", false, 0, 100_000, 0),
                        replica("b", false, 0, 108_000, 0),
                        replica("c", false, 0, 130_000, 0))))
                .isEmpty();
    }

    @Test
    void cleanButStaleReplicaWithDataIsStillLeftOut() {
        assertThat(Salvage.outdated(
                        List.of(replica("a", false, 0, 100_000, 4096), replica("b", false, 0, 130_000, 4096))))
                .containsOnlyKeys("a");
    }

    @Test
    void afterAnUncleanStopTheLargestRecentHeadServesAlone() {
        var outdated = Salvage.outdated(List.of(
                replica("a", true, 0, 100_000, 8192),
                replica("b", true, 0, 103_000, 12288),
                replica("c", true, 0, 10_000, 16384)));
        assertThat(outdated).containsOnlyKeys("a", "c");
        assertThat(outdated.get("c")).contains("93 s before");
        assertThat(outdated.get("a")).contains("served from b alone");
    }

    @Test
    void theRevisionCounterDecidesWhenEnabled() {
        var outdated =
                Salvage.outdated(List.of(replica("a", true, 41, 100_000, 8192), replica("b", true, 42, 90_000, 4096)));
        assertThat(outdated).containsOnlyKeys("a");
        assertThat(outdated.get("a")).contains("revision 41 is behind the newest 42");
    }

    @Test
    void aReplicaThatWasStillBeingRebuiltNeverServes() {
        Candidate rebuilding = new Candidate(
                "r", new ReplicaInfo(1 << 20, "volume-head", List.of("volume-head"), true, 0, true, 200_000, 99_999));
        var outdated = Salvage.outdated(List.of(replica("a", false, 0, 100_000, 4096), rebuilding));
        assertThat(outdated).containsOnlyKeys("r");
    }
}
