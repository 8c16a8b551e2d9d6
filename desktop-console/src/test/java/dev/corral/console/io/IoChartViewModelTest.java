package dev.corral.console.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.console.ui.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IoChartViewModelTest {
    private final AtomicLong clock = new AtomicLong();
    private final List<Runnable> background = new ArrayList<>();
    private RuntimeException failure;

    private final IoChartViewModel vm = new IoChartViewModel(
            new Tasks(background::add, Runnable::run),
            now -> () -> {
                if (failure != null) {
                    throw failure;
                }
                return new IoSample(now.getAsLong(), 1, now.getAsLong(), 0, 0);
            },
            clock::get);

    private void pollAndAnswer() {
        vm.poll();
        List<Runnable> pending = List.copyOf(background);
        background.clear();
        pending.forEach(Runnable::run);
    }

    @Test
    void keepsTheLastTwoMinutesOfReadings() {
        vm.active().set(true);
        for (int second = 1; second <= IoChartViewModel.CAPACITY + 5; second++) {
            clock.set(second * 1000L);
            pollAndAnswer();
        }
        assertThat(vm.samples()).hasSize(IoChartViewModel.CAPACITY);
        assertThat(vm.samples().getFirst().atMillis()).isEqualTo(6_000);
        assertThat(vm.samples().getLast().atMillis()).isEqualTo(125_000);
    }

    @Test
    void asksNothingWhileOffScreenOrWhileAReadingIsUnderway() {
        vm.poll();
        assertThat(background).isEmpty();
        vm.active().set(true);
        vm.poll();
        vm.poll();
        assertThat(background).hasSize(1);
    }

    @Test
    void aFailedReadingSaysWhyAndKeepsTheChart() {
        vm.active().set(true);
        pollAndAnswer();
        failure = new IllegalStateException("cannot reach the API");
        pollAndAnswer();
        assertThat(vm.samples()).hasSize(1);
        assertThat(vm.message().get()).isEqualTo("No I/O figures: cannot reach the API");
        failure = null;
        pollAndAnswer();
        assertThat(vm.message().get()).isEmpty();
    }

    @Test
    void aReadingForTheSourceBeforeAResetIsDropped() {
        vm.active().set(true);
        vm.poll();
        vm.reset();
        background.forEach(Runnable::run);
        assertThat(vm.samples()).isEmpty();
    }
}
