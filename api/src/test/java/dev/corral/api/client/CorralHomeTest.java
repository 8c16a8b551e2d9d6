package dev.corral.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorralHomeTest {
    private static final Path USER_HOME = Path.of("/home/op");

    @Test
    void withoutVariablesEverythingIsUnderTheUsersDotCorral() {
        CorralHome home = CorralHome.of(Map.of(), USER_HOME);
        assertThat(home.dir()).isEqualTo(Path.of("/home/op/.corral"));
        assertThat(home.localCluster()).isEqualTo(Path.of("/home/op/.corral/local"));
        assertThat(home.demo()).isEqualTo(Path.of("/home/op/.corral/demo"));
    }

    @Test
    void corralHomeMovesEverythingAndALocalDirMovesOnlyTheLocalCluster() {
        CorralHome checkout = CorralHome.of(Map.of("CORRAL_HOME", "/src/corral/.corral"), USER_HOME);
        assertThat(checkout.localCluster()).isEqualTo(Path.of("/src/corral/.corral/local"));
        assertThat(checkout.demo()).isEqualTo(Path.of("/src/corral/.corral/demo"));

        CorralHome elsewhere =
                CorralHome.of(Map.of("CORRAL_HOME", "/src/corral/.corral", "CORRAL_LOCAL_DIR", "/tmp/c1"), USER_HOME);
        assertThat(elsewhere.localCluster()).isEqualTo(Path.of("/tmp/c1"));
        assertThat(elsewhere.demo()).isEqualTo(Path.of("/src/corral/.corral/demo"));
    }

    @Test
    void aRelativeOrBlankSettingIsResolvedOrIgnored() {
        CorralHome relative = CorralHome.of(Map.of("CORRAL_HOME", ".corral", "CORRAL_LOCAL_DIR", " "), USER_HOME);
        assertThat(relative.dir()).isEqualTo(Path.of(".corral").toAbsolutePath());
        assertThat(relative.localCluster()).isEqualTo(Path.of(".corral/local").toAbsolutePath());
    }
}
