package dev.corral.node.agent;

import dev.corral.api.launch.RunningProcess;
import dev.corral.node.instance.InstanceFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends an agent whose control plane has been gone too long, with its instance process: on a cluster
 * on one machine whose control plane was stopped and not started again ({@code local down} of a
 * half-started cluster, say), nothing would ever stop them, and the agent would go on restarting
 * its instance process for nobody.
 */
final class ControlPlaneLoss {
    private static final Logger log = LoggerFactory.getLogger(ControlPlaneLoss.class);
    static final int EXIT_CODE = 4;

    private ControlPlaneLoss() {}

    /** Checks every few seconds; exits this JVM once {@code limit} passed without an answer. */
    static void watch(NodeAgent agent, Duration limit, Path instanceDir) {
        Duration period =
                limit.dividedBy(10).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : limit.dividedBy(10);
        Thread.ofPlatform().daemon(true).name("corral-control-plane-loss").start(() -> {
            while (true) {
                Instant last = agent.lastControlPlaneContact();
                if (Duration.between(last, Instant.now()).compareTo(limit) > 0) {
                    log.error(
                            "the control plane has not answered since {} (more than {}): stopping the instance"
                                    + " process and this agent",
                            last,
                            limit);
                    InstanceFile.read(InstanceFile.in(instanceDir))
                            .flatMap(file -> RunningProcess.ours(
                                    file.pid(), arguments -> InstanceLauncher.isInstanceOf(file.pid(), instanceDir)))
                            .ifPresent(RunningProcess::stop);
                    System.exit(EXIT_CODE);
                }
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }
}
