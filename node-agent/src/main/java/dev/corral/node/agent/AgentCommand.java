package dev.corral.node.agent;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.client.RemoteStore;
import dev.corral.api.launch.ReadyLine;
import dev.corral.api.store.Store;
import dev.corral.api.v1.Credentials;
import dev.corral.engine.cli.PlainErrors;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code corral agent}: a node's agent. The reconcile logic is {@link NodeAgent}'s; this command
 * reaches the control plane's store, starts the agent, prints the ready line and runs until
 * SIGTERM, which stops the agent alone (its instance process keeps the volumes served).
 */
@Command(
        name = "agent",
        description = "Run a node's agent: register the node, heartbeat, run its replicas and engines.",
        mixinStandardHelpOptions = true)
public final class AgentCommand implements Callable<Integer> {
    /** How the agent reaches the control plane's store; the API's RemoteStore in production. */
    @FunctionalInterface
    public interface StoreConnector {
        Store connect(URI controlPlane, Optional<Path> credentials, Optional<NodeIdentity> identity) throws IOException;
    }

    @Option(names = "--node", required = true, description = "The node's name.")
    String node;

    @Option(names = "--dir", required = true, description = "The node's directory: disk data/, instance/.")
    Path dir;

    @Option(
            names = "--address",
            required = true,
            description = "IP the node's replicas and NBD exports bind to and are reached at.")
    String address;

    @Option(names = "--control-plane", required = true, description = "URL of the control plane's API.")
    URI controlPlane;

    @Option(
            names = "--identity",
            paramLabel = "DIR",
            description = "The node's identity (DIR/identity.key, identity.crt, ca.crt; principal node/NODE): the"
                    + " agent authenticates to the control plane with it (https), which lets it write only its own"
                    + " node's status, replicas and engines, and its instance process serves the node API over"
                    + " mutual TLS with it.")
    Path identity;

    @Option(
            names = "--credentials",
            description = "File with the API's admin credentials (older clusters; every agent holding the admin"
                    + " credential is what --identity replaces). Not together with --identity.")
    Path credentials;

    @Option(names = "--zone", description = "The node's zone (for zone anti-affinity).")
    String zone = "";

    @Option(names = "--tags", split = ",", description = "The node's tags, comma-separated.")
    List<String> tags = new ArrayList<>();

    @Option(
            names = "--disk-reserved-percent",
            defaultValue = "30",
            description = "Share of the default disk's filesystem kept free of replicas when the node is"
                    + " first registered (default ${DEFAULT-VALUE}, as Longhorn).")
    int reservedPercent;

    @Option(names = "--instance-jvm-option", description = "A JVM option for the instance process; repeat for each.")
    List<String> instanceJvmOptions = new ArrayList<>();

    private final StoreConnector connector;

    /** For the CLI: the store is the control plane's API. */
    public AgentCommand() {
        this(AgentCommand::remoteStore);
    }

    /** With another way to the store (tests hand in an embedded one). */
    public AgentCommand(StoreConnector connector) {
        this.connector = connector;
    }

    @Option(
            names = "--exit-without-control-plane",
            paramLabel = "DURATION",
            description = "Exit, stopping the node's instance process, once the control plane has not answered for"
                    + " this long (ISO-8601, e.g. PT5M). For agents of a cluster on one machine, whose control plane"
                    + " does not come back by itself; by default an agent waits for its control plane forever.")
    Duration exitWithoutControlPlane;

    @Override
    public Integer call() throws Exception {
        // Held until this process exits: the node's one agent.
        try (AgentLock lock = AgentLock.take(dir)) {
            return run();
        }
    }

    private int run() throws Exception {
        if (identity != null && credentials != null) {
            // With both, the admin credential would be sent and the node's scope never applied.
            throw new IllegalArgumentException(
                    "give --identity or --credentials, not both: an agent with its node's identity needs no admin"
                            + " credential");
        }
        Optional<NodeIdentity> nodeIdentity =
                identity == null ? Optional.empty() : Optional.of(NodeIdentity.load(identity, node));
        AgentConfig config = new AgentConfig(
                node,
                dir,
                address,
                zone,
                tags,
                instanceJvmOptions,
                AgentConfig.Timings.DEFAULT,
                reservedPercent,
                nodeIdentity);
        Store store = connector.connect(controlPlane, Optional.ofNullable(credentials), nodeIdentity);
        NodeAgent agent;
        try {
            agent = NodeAgent.start(config, store);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            store.close();
            stopped.countDown();
        }));
        Map<String, String> ready = new LinkedHashMap<>();
        ready.put("pid", Long.toString(ProcessHandle.current().pid()));
        ready.put("role", "agent");
        ready.put("node", node);
        ready.put("instance", agent.instanceUrl());
        ready.put("instancePid", Long.toString(agent.instancePid()));
        System.out.println(ReadyLine.format(ready));
        System.out.flush();
        if (exitWithoutControlPlane != null) {
            ControlPlaneLoss.watch(agent, exitWithoutControlPlane, config.instanceDir());
        }
        stopped.await();
        return 0;
    }

    /**
     * The control plane's store over its HTTP API: with the node's identity, https presenting the
     * node's certificate and believing only the cluster's authority; else with the credentials when
     * a file is given.
     */
    static Store remoteStore(URI controlPlane, Optional<Path> credentials, Optional<NodeIdentity> identity)
            throws IOException {
        Optional<Credentials> users =
                credentials.isPresent() ? Optional.of(Credentials.load(credentials.get())) : Optional.empty();
        ApiEndpoint endpoint = new ApiEndpoint(controlPlane, users);
        if (identity.isPresent()) {
            if (!"https".equals(controlPlane.getScheme())) {
                throw new IllegalArgumentException("--identity authenticates only over https, and --control-plane is "
                        + controlPlane + "; give the control plane's https URL");
            }
            endpoint = endpoint.withIdentity(identity.get().identity());
        }
        return new RemoteStore(endpoint);
    }

    public static void main(String[] args) {
        System.exit(PlainErrors.on(new CommandLine(new AgentCommand())).execute(args));
    }
}
