package dev.corral.engine.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that drives the real system: Corral's processes started as child JVMs and killed with
 * signals, real NBD clients and servers (nbdinfo, nbdcopy, nbdsh, nbdkit, qemu-img, fio). It needs
 * the tools {@code ./corral test} installs and takes seconds to minutes; the fast set
 * ({@code ./corral test --unit}, {@code mvn verify -Punit}) leaves it out by its tag.
 *
 * <p>Every test without this tag (or {@link NeedsRoot}) is a unit test: it runs without root, on
 * temporary files, loopback sockets inside its own JVM and coreutils (stat, cp) on its own files.
 * CI proves that by running the unit tests as an unprivileged user.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("system")
public @interface SystemTest {}
