package dev.corral.cli;

import dev.corral.api.client.CorralHome;
import dev.corral.api.launch.JvmLaunch;
import dev.corral.api.launch.JvmProcess;
import dev.corral.api.units.ByteSize;
import dev.corral.engine.cli.EngineMain;
import dev.corral.engine.control.ControlClient;
import dev.corral.engine.control.ControlRefusal;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import dev.corral.engine.stats.IoStats.OpStats;
import dev.corral.engine.stats.IoStats.VolumeStats;
import dev.corral.engine.stats.OpKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code corral demo}: a replicated volume on this machine, each replica and the controller in its
 * own process, served over NBD until Ctrl-C. Replica directories are kept, so a second run serves
 * the same data.
 */
@Command(
        name = "demo",
        description = "Run a replicated volume locally (one process per replica) and show it live.",
        mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
    private static final Duration READY = Duration.ofSeconds(60);

    @Option(
            names = "--dir",
            description = "Where replicas keep their data (default: $CORRAL_HOME/demo, else ~/.corral/demo).")
    Path dir;

    @Option(names = "--size", description = "Volume size (default 1Gi).")
    String size = "1Gi";

    @Option(names = "--replicas", description = "Number of replicas (default 3).")
    int replicas = 3;

    @Option(names = "--nbd", description = "NBD listen address (default 127.0.0.1:10809).")
    String nbd = "127.0.0.1:10809";

    @Option(names = "--listen", description = "Control API listen address (default 127.0.0.1:9500).")
    String listen = "127.0.0.1:9500";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long bytes = ByteSize.parse(size);
        Path home = dir != null ? dir : CorralHome.fromEnvironment().demo();
        List<JvmProcess> processes = new ArrayList<>();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> processes.reversed().forEach(JvmProcess::close)));

        List<String> controllerArgs = new ArrayList<>(List.of(
                "controller", "--volume", "demo", "--size", Long.toString(bytes), "--nbd", nbd, "--listen", listen));
        for (int i = 1; i <= replicas; i++) {
            Path data = home.resolve("replica-" + i);
            JvmProcess replica = engine(home.resolve("logs/replica-" + i + ".log"))
                    .jvmOptions(List.of("-Xmx256m", "-XX:+UseSerialGC"))
                    .args(
                            "replica",
                            "--dir",
                            data.toString(),
                            "--listen",
                            "127.0.0.1:0",
                            "--size",
                            Long.toString(bytes))
                    .start();
            processes.add(replica);
            controllerArgs.addAll(List.of("--replica", replica.ready("address")));
            out.printf("replica %d   %-21s pid %-7d data %s%n", i, replica.ready("address"), replica.pid(), data);
        }
        JvmProcess controller = engine(home.resolve("logs/controller.log"))
                .jvmOptions(List.of("-Xmx512m", "-XX:+UseSerialGC"))
                .args(controllerArgs)
                .start();
        processes.add(controller);
        String control = controller.ready("control");
        out.printf("controller   pid %d%n%n", controller.pid());
        out.printf(
                "Volume 'demo' (%s, %d replicas) is served at %s%n",
                ByteSize.format(bytes), replicas, controller.ready("nbd"));
        out.printf("Control API: %s%n%nTry, in another terminal:%n", control);
        out.printf("  nbdinfo %s%n", controller.ready("nbd"));
        out.printf(
                "  fio --name=w --ioengine=nbd --uri=%s --rw=randwrite --bs=4k --iodepth=32 --size=256M%n",
                controller.ready("nbd"));
        out.printf("  ./corral engine ctl --url %s replica ls%n", control);
        out.printf("  ./corral engine ctl --url %s stats%n", control);
        out.printf(
                "  kill -9 %d     # a replica dies: the volume keeps serving, ctl shows it ERR%n%n",
                processes.getFirst().pid());
        out.println("Ctrl-C stops the demo. Live status every 5 s:");
        out.flush();
        watch(out, control, controller);
        return 0;
    }

    /** An engine process of the demo: attached, so that Ctrl-C reaches it too. */
    private static JvmLaunch engine(Path log) {
        return JvmLaunch.of(EngineMain.class.getName()).log(log).readyTimeout(READY);
    }

    /** Prints replica modes and write/read rates every 5 s while the controller runs. */
    private static void watch(PrintWriter out, String control, JvmProcess controller) throws InterruptedException {
        ControlClient client = ControlClient.connect(control);
        while (controller.alive()) {
            Thread.sleep(5000); // a status line for a person to read, not a wait for a condition
            try {
                StringBuilder modes = new StringBuilder();
                for (ReplicaStatus replica : client.replicas()) {
                    modes.append(replica.mode()).append(' ');
                }
                VolumeStats stats = client.stats();
                OpStats write = stats.ops().get(OpKind.WRITE);
                OpStats read = stats.ops().get(OpKind.READ);
                out.printf(
                        Locale.ROOT,
                        "replicas [ %s]  write %.0f IOPS %.1f MB/s  read %.0f IOPS %.1f MB/s%n",
                        modes,
                        write.opsPerSec(),
                        write.bytesPerSec() / 1e6,
                        read.opsPerSec(),
                        read.bytesPerSec() / 1e6);
            } catch (ControlRefusal e) {
                out.println("controller not answering: " + e.getMessage());
            }
            out.flush();
        }
        out.println("controller exited; see its log under the demo directory");
    }
}
