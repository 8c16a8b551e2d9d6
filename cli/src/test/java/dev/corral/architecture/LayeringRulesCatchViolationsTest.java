package dev.corral.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.corral.api.layeringfixture.ApiFixtures;
import dev.corral.console.layeringfixture.ConsoleFixtures;
import dev.corral.controlplane.ControlPlaneCommand;
import dev.corral.controlplane.layeringfixture.ControlPlaneFixtures;
import dev.corral.engine.cli.EntryPointFixtures;
import dev.corral.engine.layeringfixture.EngineFixtures;
import dev.corral.engine.layeringfixture.ping.Ping;
import dev.corral.engine.layeringfixture.pong.Pong;
import dev.corral.node.layeringfixture.NodeFixtures;
import org.junit.jupiter.api.Test;

/**
 * Each layering rule against test-only classes in the packages it covers: a class that breaks the
 * rule is reported, naming the forbidden class, and one that keeps it is not. A rule that matched
 * nothing (a renamed package, a wrong pattern) would pass ArchitectureTest silently; here it fails.
 */
class LayeringRulesCatchViolationsTest {
    @Test
    void theConsoleReachingIntoTheEngineBreaksItsRule() {
        assertViolation(
                LayeringRules.CONSOLE_USES_ONLY_THE_API,
                "dev.corral.engine.block.IoError",
                ConsoleFixtures.ReachesIntoTheEngine.class);
        assertNoViolation(LayeringRules.CONSOLE_USES_ONLY_THE_API, ConsoleFixtures.UsesTheApiAndJavaFx.class);
    }

    @Test
    void theEngineReadingTheClusterModelBreaksItsRule() {
        assertViolation(
                LayeringRules.ENGINE_DEPENDS_ON_NOTHING_OF_OURS,
                "dev.corral.api.model.Volume",
                EngineFixtures.ReadsTheClusterModel.class);
        assertNoViolation(LayeringRules.ENGINE_DEPENDS_ON_NOTHING_OF_OURS, EngineFixtures.UsesOnlyTheEngine.class);
    }

    @Test
    void theEnginesEntryPointMayUseApiSizesButNothingElseOfTheApi() {
        assertNoViolation(
                LayeringRules.ENGINE_ENTRY_POINT_USES_ONLY_API_UNITS_AND_LAUNCH, EntryPointFixtures.ParsesSizes.class);
        assertViolation(
                LayeringRules.ENGINE_ENTRY_POINT_USES_ONLY_API_UNITS_AND_LAUNCH,
                "dev.corral.api.model.Volume",
                EntryPointFixtures.ReadsTheClusterModel.class);
    }

    @Test
    void theApiReachingIntoTheEngineBreaksItsRule() {
        assertViolation(
                LayeringRules.API_DEPENDS_ON_NO_OTHER_MODULE,
                "dev.corral.engine.block.IoError",
                ApiFixtures.ReachesIntoTheEngine.class);
    }

    @Test
    void theControlPlaneRunningANodeCommandBreaksItsRule() {
        assertViolation(
                LayeringRules.CONTROL_PLANE_DOES_NOT_KNOW_NODES_OR_CLIENTS,
                "dev.corral.node.NodeMain",
                ControlPlaneFixtures.RunsTheNode.class);
    }

    @Test
    void aNodeOpeningTheControlPlanesStoreBreaksItsRule() {
        assertViolation(
                LayeringRules.NODE_DOES_NOT_KNOW_THE_CONTROL_PLANE,
                "dev.corral.controlplane.store.SqliteStore",
                NodeFixtures.OpensTheControlPlaneStore.class);
    }

    @Test
    void twoPackagesThatNeedEachOtherAreACycle() {
        assertViolation(LayeringRules.NO_PACKAGE_CYCLES, "layeringfixture.ping", Ping.class, Pong.class);
        assertNoViolation(LayeringRules.NO_PACKAGE_CYCLES, Ping.class);
    }

    @Test
    void aControlPlaneBuiltOutsideItsCommandBreaksTheCompositionRootRule() {
        assertViolation(
                LayeringRules.ONE_COMPOSITION_ROOT_PER_PROCESS,
                "dev.corral.controlplane.ControlPlane.<init>",
                ControlPlaneFixtures.SecondRoot.class);
        // The command itself builds one; a class that builds nothing is no concern of the rule.
        assertNoViolation(
                LayeringRules.ONE_COMPOSITION_ROOT_PER_PROCESS,
                ControlPlaneFixtures.RunsTheNode.class,
                ControlPlaneCommand.class);
    }

    private static void assertViolation(ArchRule rule, String forbidden, Class<?>... fixtures) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(fixtures));
        assertThat(result.hasViolation())
                .as("%s catches %s", rule.getDescription(), fixtures[0].getName())
                .isTrue();
        assertThat(result.getFailureReport().getDetails())
                .as("the report names the fixture and what it must not use")
                .anySatisfy(detail ->
                        assertThat(detail).contains(fixtures[0].getName()).contains(forbidden));
    }

    private static void assertNoViolation(ArchRule rule, Class<?>... fixtures) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(fixtures));
        assertThat(result.getFailureReport().getDetails())
                .as("%s accepts %s", rule.getDescription(), fixtures[0].getName())
                .isEmpty();
    }
}
