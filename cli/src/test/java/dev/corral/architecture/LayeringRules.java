package dev.corral.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;

/**
 * The layering of Corral's modules, as rules over their main classes (docs/architecture.md lists
 * them with the module diagram). Each rule is also run against a fixture that breaks it
 * ({@link LayeringRulesCatchViolationsTest}), so a rule that silently stopped matching would be
 * noticed.
 */
public final class LayeringRules {
    static final String API = "dev.corral.api..";
    static final String ENGINE = "dev.corral.engine..";
    static final String ENGINE_ENTRY_POINT = "dev.corral.engine.cli..";
    static final String CONTROL_PLANE = "dev.corral.controlplane..";
    static final String NODE = "dev.corral.node..";
    static final String LOCAL_CLUSTER = "dev.corral.local..";
    static final String CONSOLE = "dev.corral.console..";
    static final String CLI = "dev.corral.cli..";
    /** The name ArchUnit gives a constructor. */
    static final String CONSTRUCTOR = "<init>";

    private LayeringRules() {}

    /**
     * The console is a client of the cluster's API like any other: it sees the api module, the JDK,
     * JavaFX and its own libraries, never a server's internals.
     */
    @ArchTest
    public static final ArchRule CONSOLE_USES_ONLY_THE_API = classes()
            .that()
            .resideInAPackage(CONSOLE)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    CONSOLE,
                    API,
                    "java..",
                    "javax..",
                    "javafx..",
                    "org.controlsfx..",
                    "atlantafx..",
                    "com.fasterxml.jackson..",
                    "org.slf4j..")
            .because("the console talks to a cluster only through the api module's types and clients");

    /** The data plane stands alone: nothing of ours below it, so it can be run and tested by itself. */
    @ArchTest
    public static final ArchRule ENGINE_DEPENDS_ON_NOTHING_OF_OURS = noClasses()
            .that()
            .resideInAPackage(ENGINE)
            .and()
            .resideOutsideOfPackage(ENGINE_ENTRY_POINT)
            .should()
            .dependOnClassesThat(ours(ENGINE))
            .because("the engine depends on nothing of ours; only its entry point (engine.cli) may use the api");

    /**
     * The one exception to the rule above: the engine's command line parses sizes with the api's
     * ByteSize, starts engine processes through the api's launcher, and reads a process's cluster
     * identity ({@code --identity DIR}) with the api's security types, like every other command;
     * the engine below it takes the keys and certificates as JDK types.
     */
    @ArchTest
    public static final ArchRule ENGINE_ENTRY_POINT_USES_ONLY_API_UNITS_AND_LAUNCH = noClasses()
            .that()
            .resideInAPackage(ENGINE_ENTRY_POINT)
            .should()
            .dependOnClassesThat(
                    ours(ENGINE, "dev.corral.api.units..", "dev.corral.api.launch..", "dev.corral.api.security.."))
            .because("the engine's entry point shares only sizes, the launcher and identities with other commands");

    /** Every consumer depends on the api; it depends on none of them. */
    @ArchTest
    public static final ArchRule API_DEPENDS_ON_NO_OTHER_MODULE = noClasses()
            .that()
            .resideInAPackage(API)
            .should()
            .dependOnClassesThat(ours(API))
            .because("the api is the contract; a consumer must not pull a server in with it");

    @ArchTest
    public static final ArchRule CONTROL_PLANE_DOES_NOT_KNOW_NODES_OR_CLIENTS = noClasses()
            .that()
            .resideInAPackage(CONTROL_PLANE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(NODE, LOCAL_CLUSTER, CONSOLE, CLI)
            .because("the control plane reaches nodes only through the store and their API");

    @ArchTest
    public static final ArchRule NODE_DOES_NOT_KNOW_THE_CONTROL_PLANE = noClasses()
            .that()
            .resideInAnyPackage(NODE, LOCAL_CLUSTER)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(CONTROL_PLANE, CONSOLE, CLI)
            .because("a node talks to the control plane only through the cluster API (RemoteStore), and "
                    + "the local cluster starts the control plane as a process, by its main class's name");

    /** Every package is its own slice: no two packages of ours need each other. */
    @ArchTest
    public static final ArchRule NO_PACKAGE_CYCLES =
            slices().matching("dev.corral.(**)").should().beFreeOfCycles();

    /**
     * Each process has one composition root: its command builds the process's top object (or runs
     * it), and nothing else does. Names, not class literals, because some of these classes are
     * package-private; {@link ArchitectureTest} checks that every one of them exists.
     */
    static final List<BuiltOnlyBy> PROCESS_ROOTS = List.of(
            new BuiltOnlyBy(
                    "dev.corral.controlplane.ControlPlane", CONSTRUCTOR, "dev.corral.controlplane.ControlPlaneCommand"),
            new BuiltOnlyBy(
                    "dev.corral.controlplane.server.ApiServer", "start", "dev.corral.controlplane.ControlPlaneCommand"),
            new BuiltOnlyBy("dev.corral.node.agent.NodeAgent", "start", "dev.corral.node.agent.AgentCommand"),
            new BuiltOnlyBy(
                    "dev.corral.node.instance.InstanceProcess", "run", "dev.corral.node.instance.InstanceCommand"),
            new BuiltOnlyBy("dev.corral.engine.cli.ReplicaProcess", "run", "dev.corral.engine.cli.ReplicaCommand"),
            new BuiltOnlyBy(
                    "dev.corral.engine.cli.ControllerProcess", "run", "dev.corral.engine.cli.ControllerCommand"));

    @ArchTest
    public static final ArchRule ONE_COMPOSITION_ROOT_PER_PROCESS = CompositeArchRule.of(
                    PROCESS_ROOTS.stream().map(BuiltOnlyBy::rule).toList())
            .as("each process's top object is built only by that process's command");

    /** {@code service.factory} (a method, or {@link #CONSTRUCTOR}) is called only by {@code root}. */
    record BuiltOnlyBy(String service, String factory, String root) {
        ArchRule rule() {
            DescribedPredicate<AccessTarget> target = AccessTarget.Predicates.declaredIn(service)
                    .and(HasName.Predicates.name(factory))
                    .as(simpleName(service) + (factory.equals(CONSTRUCTOR) ? " constructor" : "." + factory + "()"));
            return noClasses()
                    .that(not(belongTo(root, service)))
                    .should()
                    .accessTargetWhere(JavaAccess.Predicates.target(target))
                    .because(simpleName(root) + " is the composition root that builds it");
        }

        private static String simpleName(String className) {
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }

    /** Classes named {@code names}, with the classes nested in them (lambdas' and anonymous ones). */
    private static DescribedPredicate<JavaClass> belongTo(String... names) {
        List<String> owners = List.of(names);
        return DescribedPredicate.describe("belong to " + String.join(" or ", owners), javaClass -> {
            for (JavaClass c = javaClass; c != null; c = c.getEnclosingClass().orElse(null)) {
                if (owners.contains(c.getName())) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Classes of ours outside {@code allowed}: what a module may not depend on. */
    private static DescribedPredicate<JavaClass> ours(String... allowed) {
        return resideInAPackage("dev.corral..")
                .and(not(resideInAnyPackage(allowed)))
                .as("Corral classes outside " + String.join(", ", allowed));
    }
}
