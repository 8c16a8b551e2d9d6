package dev.corral.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * The layering rules ({@link LayeringRules}) over the main classes of every module: this module
 * depends on all of them, so all of them are on its class path.
 */
@AnalyzeClasses(packages = "dev.corral", importOptions = MainClassesOnly.class)
class ArchitectureTest {
    /** Java 25's class file version: what ArchUnit has to read for the rules to mean anything. */
    private static final int JAVA_25_CLASS_FILE = 69;

    @ArchTest
    static final ArchTests layering = ArchTests.in(LayeringRules.class);

    /** One main class of each module: an import that lost a module would make its rules vacuous. */
    @ArchTest
    static void importsEveryModuleFromItsJava25ClassFiles(JavaClasses classes) throws IOException {
        for (String name : new String[] {
            "dev.corral.api.client.ClusterClient",
            "dev.corral.engine.cli.EngineMain",
            "dev.corral.controlplane.ControlPlaneMain",
            "dev.corral.node.NodeMain",
            "dev.corral.console.Console",
            "dev.corral.cli.Main"
        }) {
            assertThat(classes.contain(name)).as(name + " imported").isTrue();
            assertThat(classFileVersion(classes.get(name))).as(name).isEqualTo(JAVA_25_CLASS_FILE);
        }
        assertThat(classes.stream().map(JavaClass::getName))
                .as("no test class or fixture is imported")
                .noneMatch(name -> name.contains("layeringfixture") || name.endsWith("Test"));
    }

    /** Every class the composition-root rule names exists, so no part of that rule is vacuous. */
    @ArchTest
    static void everyNamedCompositionRootAndWhatItBuildsExists(JavaClasses classes) {
        for (LayeringRules.BuiltOnlyBy root : LayeringRules.PROCESS_ROOTS) {
            assertThat(classes.contain(root.root())).as(root.root()).isTrue();
            assertThat(classes.contain(root.service())).as(root.service()).isTrue();
            assertThat(classes.get(root.service()).getCodeUnits())
                    .as(root.service() + " has " + root.factory())
                    .anyMatch(unit -> unit.getName().equals(root.factory()));
        }
    }

    private static int classFileVersion(JavaClass javaClass) throws IOException {
        URI uri = javaClass.getSource().orElseThrow().getUri();
        try (InputStream in = uri.toURL().openStream();
                DataInputStream data = new DataInputStream(in)) {
            data.readInt(); // magic
            data.readUnsignedShort(); // minor version
            return data.readUnsignedShort();
        }
    }
}
