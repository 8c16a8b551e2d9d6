package dev.corral.controlplane.server;

import dev.corral.api.model.DiskLayout;
import dev.corral.api.model.Settings;
import dev.corral.api.units.ByteSize;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The range of every setting, checked before the Settings object is written: a value outside it
 * is a 400 that names the field and the range, and the stored settings stay as they were. The
 * reconcile loops then never meet a negative timeout or a percentage that schedules nothing.
 */
final class SettingsRules {
    /** 10x thin provisioning; more is far likelier a typo than a plan. */
    static final int MAX_OVER_PROVISIONING_PERCENTAGE = 1000;

    /** A year: longer waits or timeouts are mistakes, and keep Instant arithmetic far from overflow. */
    static final long MAX_SECONDS = Duration.ofDays(365).toSeconds();

    static final int MAX_CONCURRENT_REBUILDS = 100;

    /** 8 EiB less a block: the largest size a signed 64-bit offset can address, in whole blocks. */
    static final long LARGEST_MAX_VOLUME_SIZE = Long.MAX_VALUE - (Long.MAX_VALUE % VolumeRules.BLOCK);

    private SettingsRules() {}

    static void check(Settings settings) {
        if (!Settings.NAME.equals(settings.name())) {
            throw ApiException.badRequest("the one Settings object is named " + Settings.NAME);
        }
        Settings.Spec spec = settings.spec();
        if (spec == null) {
            throw ApiException.badRequest("settings need a spec");
        }
        range("defaultReplicaCount", spec.defaultReplicaCount(), 1, VolumeRules.MAX_REPLICAS);
        checkDataPath(spec.defaultDataPath());
        range(
                "storageOverProvisioningPercentage",
                spec.storageOverProvisioningPercentage(),
                1,
                MAX_OVER_PROVISIONING_PERCENTAGE);
        range("storageMinimalAvailablePercentage", spec.storageMinimalAvailablePercentage(), 0, 100);
        range(
                "replicaReplenishmentWaitIntervalSeconds",
                spec.replicaReplenishmentWaitIntervalSeconds(),
                0,
                MAX_SECONDS);
        // 0 pauses rebuilds, as in Longhorn (an operator's choice during maintenance).
        range(
                "concurrentReplicaRebuildPerNodeLimit",
                spec.concurrentReplicaRebuildPerNodeLimit(),
                0,
                MAX_CONCURRENT_REBUILDS);
        range("nodeDownTimeoutSeconds", spec.nodeDownTimeoutSeconds(), 1, MAX_SECONDS);
        long max = spec.maxVolumeSize();
        if (max < VolumeRules.BLOCK || max > LARGEST_MAX_VOLUME_SIZE || max % VolumeRules.BLOCK != 0) {
            throw ApiException.badRequest("maxVolumeSize must be a multiple of " + VolumeRules.BLOCK + " bytes from "
                    + VolumeRules.BLOCK + " to " + LARGEST_MAX_VOLUME_SIZE + " ("
                    + ByteSize.format(LARGEST_MAX_VOLUME_SIZE)
                    + "), got " + max);
        }
    }

    /**
     * The default disk's path: relative to the agent's directory (no {@code ..} to climb out of
     * it), or absolute and then held to the rules of any disk path.
     */
    private static void checkDataPath(String path) {
        String field = "defaultDataPath";
        if (path == null || path.isBlank()) {
            throw ApiException.badRequest(field + " must be a directory, relative to the agent's or absolute");
        }
        Path parsed;
        try {
            parsed = Path.of(path);
        } catch (InvalidPathException e) {
            throw ApiException.badRequest(field + ": '" + path + "' is not a path: " + e.getReason());
        }
        if (parsed.isAbsolute()) {
            DiskLayout.diskPathProblem(path).ifPresent(problem -> {
                throw ApiException.badRequest(field + ": " + problem);
            });
            return;
        }
        String normal = parsed.normalize().toString();
        if (normal.isEmpty() || normal.startsWith("..") || !normal.equals(path)) {
            throw ApiException.badRequest(field + ": '" + path
                    + "' must be a directory below the agent's, in normal form (no '.', '..' or doubled '/')");
        }
    }

    private static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw ApiException.badRequest(field + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
