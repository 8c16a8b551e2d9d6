package dev.corral.engine.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test when Netty's leak detector reports a buffer that was never released. Tracks every
 * buffer (PARANOID) while the test class runs. Netty reports a leak when the garbage collector
 * finds the lost buffer and a later allocation looks, so after each test this collects garbage and
 * allocates until the report queue is drained; a leak that the collector misses goes unreported,
 * so tests also check reference counts directly where they can.
 */
public final class LeakWatch implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private static final String DETECTOR_LOGGER = ResourceLeakDetector.class.getName();
    private static final int ROUNDS = 3;

    private ResourceLeakDetector.Level previousLevel;
    private ListAppender<ILoggingEvent> reports;

    @Override
    public void beforeAll(ExtensionContext context) {
        previousLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        reports = new ListAppender<>();
        reports.start();
        detectorLogger().addAppender(reports);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int round = 0; round < ROUNDS; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBufAllocator.DEFAULT.directBuffer(1).release();
                ByteBufAllocator.DEFAULT.heapBuffer(1).release();
            }
        }
        List<String> leaks;
        synchronized (reports.list) {
            leaks = reports.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(message -> message.contains("LEAK"))
                    .toList();
            reports.list.clear();
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported leaked buffers:\n" + String.join("\n\n", leaks));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        detectorLogger().detachAppender(reports);
        reports.stop();
        ResourceLeakDetector.setLevel(previousLevel);
    }

    private static Logger detectorLogger() {
        return (Logger) LoggerFactory.getLogger(DETECTOR_LOGGER);
    }
}
