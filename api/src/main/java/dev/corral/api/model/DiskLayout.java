package dev.corral.api.model;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where replicas live on a node: a disk is a directory the operator names (a Node's
 * {@code spec.disks[].path}), and every replica of that disk lives in {@code DISK/replicas/NAME}.
 * The control plane computes replica directories with {@link #replicaDirectory}, the API refuses
 * disk paths that {@link #diskPathProblem} objects to, and an agent deletes nothing that is not
 * such a replica directory: a client can never make a node write into, or remove, a system
 * directory.
 */
public final class DiskLayout {
    /** The directory under a disk that holds its replicas, one directory each. */
    public static final String REPLICAS = "replicas";

    /**
     * Trees that belong to the operating system: a disk may be neither one of them nor inside one.
     * /var/lib itself is fine to be under (/var/lib/corral), but the package managers' state is not.
     */
    public static final List<String> SYSTEM_TREES = List.of(
            "/bin",
            "/boot",
            "/dev",
            "/etc",
            "/lib",
            "/lib32",
            "/lib64",
            "/libx32",
            "/proc",
            "/run",
            "/sbin",
            "/sys",
            "/usr",
            "/var/lib/apt",
            "/var/lib/dpkg",
            "/var/lib/rpm",
            "/var/log");

    /**
     * Directories that hold other things beside a disk: a disk may lie below them (/var/lib/corral,
     * /mnt/disk1, /home/corral/data) but may not be one of them, or deleting its replicas would
     * run among unrelated files.
     */
    public static final List<String> SHARED_ROOTS =
            List.of("/", "/home", "/media", "/mnt", "/opt", "/root", "/srv", "/tmp", "/var", "/var/lib", "/var/tmp");

    private DiskLayout() {}

    /**
     * Why {@code path} cannot be a disk, or empty when it can: it must be absolute, written in
     * normal form (no {@code .} or {@code ..} segment, no doubled or trailing {@code /}), and be
     * neither a shared root nor inside a system tree.
     */
    public static Optional<String> diskPathProblem(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of("a disk needs a path");
        }
        Path parsed;
        try {
            parsed = Path.of(path);
        } catch (InvalidPathException e) {
            return Optional.of("'" + path + "' is not a path: " + e.getReason());
        }
        if (!parsed.isAbsolute()) {
            return Optional.of("'" + path + "' is not an absolute path");
        }
        String normal = parsed.normalize().toString();
        if (!normal.equals(path)) {
            return Optional.of("'" + path + "' is not in normal form (write it as '" + normal + "')");
        }
        if (SHARED_ROOTS.contains(path)) {
            return Optional.of("'" + path + "' holds more than a disk; use a directory of its own below it");
        }
        for (String tree : SYSTEM_TREES) {
            if (parsed.startsWith(tree)) {
                return Optional.of("'" + path + "' is inside the system directory " + tree);
            }
        }
        return Optional.empty();
    }

    /** The one directory a replica named {@code replicaName} has on the disk at {@code diskPath}. */
    public static Path replicaDirectory(String diskPath, String replicaName) {
        return Path.of(diskPath, REPLICAS, replicaName);
    }
}
