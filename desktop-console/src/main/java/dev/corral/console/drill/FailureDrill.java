package dev.corral.console.drill;

import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Volume;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.console.connection.ClusterActions;
import dev.corral.console.drill.DrillStep.Status;
import dev.corral.console.ui.Robustness;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The seeds' failure experiment through the real API and NBD: a test volume is created and
 * attached, a timestamped test file written to it, the volume's node stopped, the volume attached
 * elsewhere (as Kubernetes would move the pod) and the file read back, the node started again and
 * its replica rebuilt until the volume is healthy. Runs on the caller's (background) thread and
 * reports each step to {@code reports}. A failed step stops the drill with its reason; a node
 * the drill stopped is always started again.
 */
public final class FailureDrill {
    static final long VOLUME_SIZE = 64L << 20;
    private static final Duration POLL = Duration.ofMillis(500);

    private final ClusterActions api;
    private final NodePower power;
    private final BlockIo io;
    private final Clock clock;
    private final Duration timeout;
    private final boolean cleanUp;
    private final Consumer<DrillStep.Report> reports;
    private volatile boolean cancelled;
    private String volume;
    /** Where the volume is served now (it moves with the volume). */
    private String endpoint;

    private String firstNode;
    private boolean nodeStopped;

    public FailureDrill(
            ClusterActions api,
            NodePower power,
            BlockIo io,
            Clock clock,
            Duration timeout,
            boolean cleanUp,
            Consumer<DrillStep.Report> reports) {
        this.api = api;
        this.power = power;
        this.io = io;
        this.clock = clock;
        this.timeout = timeout;
        this.cleanUp = cleanUp;
        this.reports = reports;
    }

    /** Stops the drill at its next wait; a stopped node is started again. */
    public void cancel() {
        cancelled = true;
    }

    /** Runs every step; answers true when all passed. */
    public boolean run() {
        DrillStep current = DrillStep.PREPARE;
        try {
            step(current, this::prepare);
            current = DrillStep.WRITE;
            TestFile file = new TestFile(volume, clock.instant().truncatedTo(ChronoUnit.SECONDS));
            step(current, () -> write(file));
            current = DrillStep.STOP_NODE;
            step(current, this::stopNode);
            current = DrillStep.MOVE;
            step(current, this::move);
            current = DrillStep.READ_BACK;
            step(current, () -> readBack(file));
            current = DrillStep.START_NODE;
            step(current, this::startNode);
            current = DrillStep.REBUILD;
            step(current, this::rebuild);
            current = DrillStep.CLEAN_UP;
            if (cleanUp) {
                step(current, this::cleanUp);
            } else {
                report(current, Status.SKIPPED, volume + " kept, as asked");
            }
            return true;
        } catch (Exception e) {
            String reason = cancelled ? "cancelled" : reasonOf(e);
            report(current, Status.FAILED, reason + restoreNode());
            for (DrillStep later : DrillStep.values()) {
                if (later.ordinal() > current.ordinal()) {
                    report(later, Status.SKIPPED, "");
                }
            }
            return false;
        }
    }

    private interface StepWork {
        String run() throws Exception;
    }

    private void step(DrillStep step, StepWork work) throws Exception {
        if (cancelled) {
            throw new IllegalStateException("cancelled");
        }
        report(step, Status.RUNNING, "");
        Instant started = clock.instant();
        String result = work.run();
        long seconds = Duration.between(started, clock.instant()).toSeconds();
        report(step, Status.PASSED, result + " (" + seconds + " s)");
    }

    private String prepare() throws Exception {
        List<Node> usable = api.nodes().stream()
                .filter(n -> n.ready() && n.spec().allowScheduling())
                .toList();
        if (usable.size() < 2) {
            throw new IllegalStateException(
                    "the drill needs 2 ready nodes that take replicas; this cluster has " + usable.size());
        }
        int replicas = Math.min(3, usable.size());
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        volume = "drill-" + HexFormat.of().formatHex(random);
        api.createVolume(VolumeRequest.of(volume, VOLUME_SIZE).withNumberOfReplicas(replicas));
        progress(DrillStep.PREPARE, "created " + volume + " with " + replicas + " replicas; waiting for them to run");
        awaitReplicas(
                "its replicas running",
                rs -> rs.stream()
                                .filter(r -> r.status().currentState() == InstanceState.RUNNING)
                                .count()
                        >= replicas);
        firstNode = api.replicasOf(volume).stream()
                .map(r -> r.spec().nodeId())
                .sorted()
                .findFirst()
                .orElseThrow();
        api.attach(volume, firstNode);
        Volume attached = awaitVolume(
                "attached and healthy on " + firstNode,
                v -> attachedOn(v, firstNode) && v.status().robustness() == Volume.Robustness.HEALTHY);
        endpoint = attached.status().endpoint();
        return volume + ": " + replicas + " replicas, attached on " + firstNode;
    }

    private String write(TestFile file) throws Exception {
        io.write(endpoint, 0, file.bytes());
        String mismatch = file.mismatch(io.read(endpoint, 0, TestFile.SIZE));
        if (!mismatch.isEmpty()) {
            throw new IllegalStateException("the file read right after writing it is wrong: " + mismatch);
        }
        return "wrote the test file, written=" + file.written() + ", through " + endpoint;
    }

    private String stopNode() throws Exception {
        progress(DrillStep.STOP_NODE, power.stop(firstNode));
        nodeStopped = true;
        awaitNode(firstNode, "down", n -> !n.ready());
        Volume now = api.volume(volume).orElseThrow();
        return firstNode + " is reported down; " + volume + " is "
                + Robustness.text(now.status().robustness());
    }

    private String move() throws Exception {
        api.detach(volume);
        awaitVolume("detached", v -> v.status().state() == Volume.State.DETACHED);
        String target = api.replicasOf(volume).stream()
                .map(r -> r.spec().nodeId())
                .filter(n -> !n.equals(firstNode))
                .filter(n -> api.nodes().stream().anyMatch(node -> node.name().equals(n) && node.ready()))
                .sorted()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no other ready node holds a replica of " + volume));
        api.attach(volume, target);
        Volume attached = awaitVolume("attached on " + target, v -> attachedOn(v, target));
        endpoint = attached.status().endpoint();
        return volume + " attached on " + target + " while " + firstNode + " is down";
    }

    private String readBack(TestFile file) throws Exception {
        String mismatch = file.mismatch(io.read(endpoint, 0, TestFile.SIZE));
        if (!mismatch.isEmpty()) {
            throw new IllegalStateException("the test file did not survive: " + mismatch);
        }
        return "read back written=" + file.written() + ": intact";
    }

    private String startNode() throws Exception {
        progress(DrillStep.START_NODE, power.start(firstNode));
        awaitNode(firstNode, "ready", Node::ready);
        nodeStopped = false;
        return firstNode + " is ready again";
    }

    private String rebuild() throws Exception {
        int wanted = api.volume(volume).orElseThrow().spec().numberOfReplicas();
        awaitVolume("healthy with " + wanted + " replicas RW", v -> {
            List<Replica> replicas = api.replicasOf(volume);
            long rw = replicas.stream()
                    .filter(r -> r.status().mode() == ReplicaMode.RW)
                    .count();
            replicas.stream()
                    .filter(r -> r.status().mode() == ReplicaMode.WO)
                    .findFirst()
                    .ifPresent(r -> progress(
                            DrillStep.REBUILD,
                            "rebuilding the replica on " + r.spec().nodeId()));
            return v.status().robustness() == Volume.Robustness.HEALTHY && rw >= wanted;
        });
        return volume + " is healthy: " + wanted + " replicas RW";
    }

    private String cleanUp() throws Exception {
        api.detach(volume);
        awaitVolume("detached", v -> v.status().state() == Volume.State.DETACHED);
        api.deleteVolume(volume);
        return volume + " deleted";
    }

    /** Starts a node the drill stopped, whatever went wrong: the cluster is not left broken. */
    private String restoreNode() {
        if (!nodeStopped) {
            return "";
        }
        try {
            power.start(firstNode);
            nodeStopped = false;
            return "; " + firstNode + " was started again";
        } catch (Exception e) {
            return "; starting " + firstNode + " again failed too: " + reasonOf(e);
        }
    }

    private static boolean attachedOn(Volume v, String node) {
        return v.status().state() == Volume.State.ATTACHED
                && v.status().currentNodeId().equals(node)
                && !v.status().endpoint().isEmpty();
    }

    private Volume awaitVolume(String what, Predicate<Volume> condition) throws InterruptedException {
        return await(volume + " " + what, () -> api.volume(volume).filter(condition));
    }

    private void awaitReplicas(String what, Predicate<List<Replica>> condition) throws InterruptedException {
        await(
                volume + ": " + what,
                () -> condition.test(api.replicasOf(volume)) ? Optional.of(true) : Optional.empty());
    }

    private void awaitNode(String node, String what, Predicate<Node> condition) throws InterruptedException {
        await(
                node + " " + what,
                () -> api.nodes().stream()
                        .filter(n -> n.name().equals(node))
                        .filter(condition)
                        .findFirst());
    }

    private interface Probe<T> {
        Optional<T> check();
    }

    private <T> T await(String what, Probe<T> probe) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            if (cancelled) {
                throw new IllegalStateException("cancelled while waiting for " + what);
            }
            Optional<T> found = probe.check();
            if (found.isPresent()) {
                return found.get();
            }
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("gave up after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(POLL);
        }
    }

    private void progress(DrillStep step, String message) {
        report(step, Status.RUNNING, message);
    }

    private void report(DrillStep step, Status status, String result) {
        reports.accept(new DrillStep.Report(step, status, result));
    }

    private static String reasonOf(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
