package dev.corral.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.regex.Pattern;

/**
 * Imports the classes the modules ship, not their tests: neither a module's test-classes directory
 * nor a test jar (engine and control-plane publish their test support as {@code *-tests.jar}, which
 * is on this module's test class path). The layering fixtures live in test sources for that reason.
 */
public final class MainClassesOnly implements ImportOption {
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

    @Override
    public boolean includes(Location location) {
        return !location.contains("/test-classes/") && !location.matches(TEST_JAR);
    }
}
