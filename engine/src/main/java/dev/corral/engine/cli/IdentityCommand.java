package dev.corral.engine.cli;

import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code corral engine identity}: an identity directory for {@code --identity}, issued by an
 * authority kept in another directory (created there on first use). For running engine processes
 * with authentication by hand and in the engine benchmark; a cluster issues its own identities.
 */
@Command(
        name = "identity",
        description = "Issue a cluster identity (identity.key, identity.crt, ca.crt) into a directory, from an "
                + "authority directory (ca.key, ca.crt; created when it has none).",
        mixinStandardHelpOptions = true)
final class IdentityCommand implements Callable<Integer> {
    @Option(
            names = "--authority",
            required = true,
            paramLabel = "DIR",
            description = "Directory of the certificate authority (ca.key mode 600); created when empty.")
    Path authority;

    @Option(
            names = "--principal",
            required = true,
            description = "Who the identity speaks for: node/NAME, control-plane or admin/NAME.")
    String principal;

    @Option(names = "--host", description = "A host name or address the holder serves on (repeatable).")
    List<String> hosts = List.of();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Identity directory to write.")
    Path out;

    @Option(names = "--cluster", description = "Name in a new authority's certificate (default: engine).")
    String cluster = "engine";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Principal who = parse(principal);
        ClusterAuthority ca = ClusterAuthority.loadOrCreate(authority, cluster, Clock.systemUTC());
        ClusterIdentity.issue(ca, who, hosts, out);
        spec.commandLine().getOut().println("issued " + who + " into " + out + " (authority " + ca.fingerprint() + ")");
        return 0;
    }

    static Principal parse(String text) {
        if (text.equals("control-plane")) {
            return Principal.controlPlane();
        }
        int slash = text.indexOf('/');
        String role = slash < 0 ? text : text.substring(0, slash);
        String name = slash < 0 ? "" : text.substring(slash + 1);
        return switch (role) {
            case "node" -> Principal.node(name);
            case "admin" -> Principal.admin(name);
            default ->
                throw new IllegalArgumentException(
                        "--principal must be node/NAME, control-plane or admin/NAME, not '" + text + "'");
        };
    }
}
