package dev.corral.engine.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A {@link SystemTest} that also needs root: it mounts file systems, attaches loop devices (nbdfuse
 * + ext4, tiny loop-mounted disks that fill up), creates network namespaces or runs a client as
 * another user. Tagged {@code system} like every system test, and {@code root} so that {@code
 * -DexcludedGroups=root} leaves out just these.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("system")
@Tag("root")
public @interface NeedsRoot {}
