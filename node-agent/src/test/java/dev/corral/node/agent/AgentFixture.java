package dev.corral.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Kind;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Resource;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.Store;
import dev.corral.engine.testsupport.Await;
import dev.corral.node.instance.InstanceFile;
import dev.corral.node.instance.LaunchedInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** The objects a control plane would write, and waits for what the agent reports, for agent tests. */
final class AgentFixture {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String NODE = "node-1";

    private final Store store;
    private final Path nodeDir;

    AgentFixture(Store store, Path nodeDir) {
        this.store = store;
        this.nodeDir = nodeDir;
    }

    AgentConfig config() {
        return new AgentConfig(
                NODE,
                nodeDir,
                "127.0.0.1",
                "zone-a",
                List.of("ssd", "fast"),
                LaunchedInstance.TEST_JVM,
                AgentConfig.Timings.DEFAULT,
                30);
    }

    Path replicaDir(String name) {
        return nodeDir.resolve("data").resolve("replicas").resolve(name);
    }

    Replica createReplica(String name, String volume, long size) {
        return store.create(new Replica(
                ObjectMeta.named(name),
                new Replica.Spec(
                        volume,
                        NODE,
                        AgentConfig.DEFAULT_DISK,
                        replicaDir(name).toString(),
                        size,
                        InstanceState.RUNNING,
                        null,
                        null),
                null));
    }

    Engine createEngine(String volume, long size, Map<String, String> replicaAddresses) {
        return store.create(new Engine(
                ObjectMeta.named(volume),
                new Engine.Spec(volume, NODE, size, replicaAddresses, InstanceState.RUNNING),
                null));
    }

    /** The replica once it runs, with its address. */
    Replica awaitRunning(String name) {
        return await(
                Kind.REPLICA,
                name,
                "replica " + name + " runs",
                r -> r.status().currentState() == InstanceState.RUNNING
                        && !r.status().address().isEmpty());
    }

    <T extends Resource> T await(Kind<T> kind, String name, String what, Predicate<T> condition) {
        Await.until(WAIT, what, () -> store.get(kind, name).filter(condition).isPresent());
        return store.get(kind, name).orElseThrow();
    }

    /** Read, change, write, again on a conflict: the agent writes the same objects meanwhile. */
    <T extends Resource> T modify(Kind<T> kind, String name, UnaryOperator<T> change) {
        for (int attempt = 0; ; attempt++) {
            try {
                return store.update(change.apply(store.get(kind, name).orElseThrow()));
            } catch (ConflictException e) {
                if (attempt > 20) {
                    throw e;
                }
            }
        }
    }

    /** The instance processes serving this node's instance directory, found by their command line. */
    List<ProcessHandle> instanceProcesses() {
        Path dir = nodeDir.resolve("instance");
        return ProcessHandle.allProcesses()
                .filter(p -> InstanceLauncher.isInstanceOf(p.pid(), dir))
                .toList();
    }

    /** Stops whatever instance process the node has (tests must not leave one behind). */
    void stopInstance() {
        InstanceFile.read(InstanceFile.in(nodeDir.resolve("instance")))
                .ifPresent(file -> LaunchedInstance.stop(file.pid(), false));
        instanceProcesses().forEach(p -> LaunchedInstance.stop(p.pid(), true));
        assertThat(instanceProcesses()).isEmpty();
    }
}
