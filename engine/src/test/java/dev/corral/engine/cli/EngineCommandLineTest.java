package dev.corral.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad command lines get a usage error that names the problem, and start nothing. */
class EngineCommandLineTest {
    @TempDir
    Path dir;

    private record Outcome(int exit, String err) {}

    private static Outcome execute(String... args) {
        CommandLine cli = EngineMain.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return new Outcome(cli.execute(args), err.toString());
    }

    @Test
    void badSizeIsRefused() {
        Outcome o =
                execute("replica", "--dir", dir.resolve("r").toString(), "--listen", "127.0.0.1:0", "--size", "12X");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("invalid size '12X'");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void badAddressIsRefused() {
        Outcome o = execute("replica", "--dir", dir.toString(), "--listen", "nowhere", "--size", "1Gi");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("expected HOST:PORT");
    }

    @Test
    void controllerNeedsAtLeastOneReplica() {
        Outcome o = execute(
                "controller", "--volume", "v", "--size", "1Gi", "--nbd", "127.0.0.1:0", "--listen", "127.0.0.1:0");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--replica");
    }

    @Test
    void badDurationIsRefused() {
        Outcome o = execute(
                "controller",
                "--volume",
                "v",
                "--size",
                "1Gi",
                "--replica",
                "127.0.0.1:1",
                "--nbd",
                "127.0.0.1:0",
                "--listen",
                "127.0.0.1:0",
                "--replica-timeout",
                "soon");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("invalid duration 'soon'");
    }

    @Test
    void ctlReportsAnUnreachableController() {
        Outcome o = execute("ctl", "--url", "http://127.0.0.1:1", "replica", "ls");
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).startsWith("corral: cannot reach the controller at http://127.0.0.1:1: ");
        assertThat(o.err()).doesNotContain("\tat ");
    }

    @Test
    void tlsWithoutAnIdentityIsRefused() {
        Outcome o = execute(
                "replica", "--dir", dir.resolve("r").toString(), "--listen", "127.0.0.1:0", "--size", "1Mi", "--tls");
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).isEqualTo("corral: --tls needs --identity DIR (the certificates TLS is made of)\n");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void anIdentityDirectoryWithoutItsFilesIsRefused() {
        Outcome o = execute(
                "replica",
                "--dir",
                dir.resolve("r").toString(),
                "--listen",
                "127.0.0.1:0",
                "--size",
                "1Mi",
                "--identity",
                dir.resolve("nowhere").toString());
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).startsWith("corral: no identity.key in the identity directory ");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void identityRefusesAnUnknownRoleAndWritesNothing() {
        Outcome o = execute(
                "identity",
                "--authority",
                dir.resolve("ca").toString(),
                "--principal",
                "root/node-1",
                "--out",
                dir.resolve("id").toString());
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).contains("--principal must be node/NAME, control-plane or admin/NAME");
        assertThat(dir.resolve("ca")).doesNotExist();
        assertThat(dir.resolve("id")).doesNotExist();
    }

    @Test
    void identityIssuesAKeyOnlyItsOwnerReads() throws Exception {
        Outcome o = execute(
                "identity",
                "--authority",
                dir.resolve("ca").toString(),
                "--principal",
                "node/node-1",
                "--host",
                "127.0.0.1",
                "--out",
                dir.resolve("id").toString());
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(dir.resolve("id"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals("ca.crt"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("id/identity.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(dir.resolve("ca/ca.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(dir.resolve("id/ca.key")).doesNotExist();
    }
}
