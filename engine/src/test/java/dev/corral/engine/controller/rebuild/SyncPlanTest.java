package dev.corral.engine.controller.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.block.Extent;
import dev.corral.engine.controller.rebuild.SyncPlan.Run;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SyncPlanTest {
    @Test
    void emptyTargetCopiesEverythingInMergedRuns() {
        SyncPlan plan = SyncPlan.between(new long[] {0, 1, 2, 10}, new long[] {7, 7, 7, 7}, new long[0], new long[0]);
        assertThat(plan.copy()).containsExactly(new Run(0, 3), new Run(10, 1));
        assertThat(plan.punch()).isEmpty();
        assertThat(plan.copyBytes()).isEqualTo(4 * 4096);
    }

    @Test
    void staleTargetGetsOnlyChangedBlocksAndLosesBlocksTheSourceDoesNotHave() {
        SyncPlan plan = SyncPlan.between(
                new long[] {1, 2, 3, 5}, new long[] {11, 22, 33, 55},
                new long[] {1, 2, 3, 4}, new long[] {11, 99, 33, 44});
        assertThat(plan.copy()).containsExactly(new Run(2, 1), new Run(5, 1));
        assertThat(plan.punch()).containsExactly(new Run(4, 1));
    }

    @Test
    void anEmptyTargetGetsEveryAllocatedExtentInCappedRuns() {
        SyncPlan plan = SyncPlan.copyAll(List.of(
                new Extent(0, 4096 * 300, true),
                new Extent(4096 * 300, 4096 * 10, false),
                new Extent(4096 * 310, 4096, true)));
        assertThat(plan.copy()).containsExactly(new Run(0, 256), new Run(256, 44), new Run(310, 1));
        assertThat(plan.punch()).isEmpty();
    }

    @Test
    void runsAreCappedSoCopiesStayAtOneMebibyte() {
        long[] blocks = new long[600];
        long[] hashes = new long[600];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = i;
        }
        SyncPlan plan = SyncPlan.between(blocks, hashes, new long[0], new long[0]);
        assertThat(plan.copy()).containsExactly(new Run(0, 256), new Run(256, 256), new Run(512, 88));
    }

    @Property(tries = 200)
    void applyingThePlanMakesTheTargetEqualTheSource(@ForAll("layers") long[][] pair) {
        // pair[0]: source hash per block (0 = hole), pair[1]: target hash per block
        long[] source = pair[0];
        long[] target = pair[1].clone();
        SyncPlan plan = SyncPlan.between(allocated(source), hashesOf(source), allocated(target), hashesOf(target));
        for (Run run : plan.copy()) {
            for (long b = run.first(); b < run.first() + run.count(); b++) {
                target[(int) b] = source[(int) b];
            }
        }
        for (Run run : plan.punch()) {
            for (long b = run.first(); b < run.first() + run.count(); b++) {
                target[(int) b] = 0;
            }
        }
        assertThat(target).containsExactly(source);
        long differing = 0;
        for (int i = 0; i < source.length; i++) {
            if (source[i] != 0 && source[i] != pair[1][i]) {
                differing++;
            }
        }
        assertThat(plan.copyBytes()).isEqualTo(differing * 4096); // never more than what differs
    }

    @Provide
    Arbitrary<long[][]> layers() {
        Arbitrary<Long> cell = Arbitraries.longs().between(0, 3);
        return cell.array(long[].class).ofSize(64).tuple2().map(t -> new long[][] {t.get1(), t.get2()});
    }

    private static long[] allocated(long[] layer) {
        return IntStream.range(0, layer.length)
                .filter(i -> layer[i] != 0)
                .mapToLong(i -> i)
                .toArray();
    }

    private static long[] hashesOf(long[] layer) {
        return Arrays.stream(layer).filter(h -> h != 0).toArray();
    }
}
