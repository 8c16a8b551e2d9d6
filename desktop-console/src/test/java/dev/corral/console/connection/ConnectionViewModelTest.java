package dev.corral.console.connection;

import static dev.corral.console.Fixtures.synced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.store.UnavailableException;
import dev.corral.console.RecordingActions;
import dev.corral.console.state.ClusterState;
import dev.corral.console.ui.Tasks;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ConnectionViewModelTest {
    private final ClusterState state = new ClusterState();
    private final FakeLink link = new FakeLink();
    private final List<String> steps = new ArrayList<>();
    private final ConnectionTarget local = new ConnectionTarget.Local(Path.of("/tmp/c"), 3);

    @Test
    void connectedOnceTheFirstListingArrivedWithEachStepShown() {
        ConnectionViewModel vm = new ConnectionViewModel(
                direct(),
                (target, progress) -> {
                    progress.accept("Starting the local cluster");
                    steps.add("open " + target.describe());
                    return link;
                },
                state);
        List<String> messages = new ArrayList<>();
        vm.message().addListener((obs, old, text) -> messages.add(text));

        vm.connect(local);
        assertThat(messages).contains("Starting the local cluster");
        assertThat(vm.status().get()).isEqualTo(ConnectionStatus.CONNECTING);
        state.apply(List.of(synced()));
        assertThat(vm.status().get()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(vm.busy().get()).isFalse();
    }

    @Test
    void aFailedProbeShowsReconnectingUntilTheNextGoodOne() {
        ConnectionViewModel vm = new ConnectionViewModel(direct(), (target, progress) -> link, state);
        vm.connect(local);
        state.apply(List.of(synced()));

        link.down = true;
        vm.probe();
        assertThat(vm.status().get()).isEqualTo(ConnectionStatus.RECONNECTING);
        assertThat(vm.message().get()).contains("connection refused");

        link.down = false;
        vm.probe();
        assertThat(vm.status().get()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    @Test
    void aFailedConnectionSaysWhyAndActionsAreRefused() {
        ConnectionViewModel vm = new ConnectionViewModel(
                direct(),
                (target, progress) -> {
                    throw new UnavailableException("connection refused by 10.0.0.5:9700");
                },
                state);
        vm.connect(new ConnectionTarget.Remote(URI.create("http://10.0.0.5:9700"), Optional.empty()));
        assertThat(vm.status().get()).isEqualTo(ConnectionStatus.FAILED);
        assertThat(vm.message().get()).contains("connection refused by 10.0.0.5:9700");
        Assertions.assertThatThrownBy(() -> vm.actions().detach("v")).hasMessage("not connected to a cluster");
    }

    @Test
    void reconnectingElsewhereClosesTheOldLink() {
        ConnectionViewModel vm = new ConnectionViewModel(direct(), (target, progress) -> link, state);
        vm.connect(local);
        vm.connect(local);
        assertThat(link.closed).isEqualTo(1);
        vm.close();
        assertThat(link.closed).isEqualTo(2);
    }

    private static Tasks direct() {
        return new Tasks(Runnable::run, Runnable::run);
    }

    /** Every action recorded, as RecordingActions does; the connection part is what is faked. */
    static final class FakeLink extends RecordingActions implements Link {
        boolean down;
        int closed;

        @Override
        public void probe() {
            if (down) {
                throw new UnavailableException("connection refused");
            }
        }

        @Override
        public void close() {
            closed++;
        }
    }
}
