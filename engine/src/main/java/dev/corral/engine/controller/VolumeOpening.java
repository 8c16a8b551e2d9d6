package dev.corral.engine.controller;

import dev.corral.engine.replica.ReplicaInfo;
import dev.corral.engine.util.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How a controller starts: connect to every replica, let {@link Salvage} decide who is up to date,
 * then grow the up-to-date replicas that are smaller than the volume (an expansion made while the
 * volume was detached, or one cut short by a crash after some replicas grew) before anything is
 * served. A replica larger than the volume never serves: volumes only grow, so it belongs to
 * something else.
 *
 * <p>Salvage runs on what the replicas said before any of them grew: growing rewrites a replica's
 * metadata (dirty, a new head time), which must not make it look newer than the others.
 */
final class VolumeOpening {
    private VolumeOpening() {}

    /** A replica after connecting: its member, and what it said about itself (null if unreachable). */
    private record Joined(ReplicaMember member, ReplicaInfo info) {}

    static CompletableFuture<List<ReplicaMember>> members(
            long size, List<String> replicaAddresses, ReplicaConnector connector) {
        List<CompletableFuture<Joined>> joining = new ArrayList<>();
        for (String address : replicaAddresses) {
            joining.add(join(address, size, connector));
        }
        return CompletableFuture.allOf(joining.toArray(CompletableFuture[]::new))
                .thenCompose(done -> {
                    List<Joined> joined =
                            joining.stream().map(CompletableFuture::join).toList();
                    Map<String, String> outdated = Salvage.outdated(joined.stream()
                            .filter(j -> j.info() != null)
                            .map(j -> new Salvage.Candidate(j.member().address(), j.info()))
                            .toList());
                    List<CompletableFuture<ReplicaMember>> ready = new ArrayList<>();
                    for (Joined j : joined) {
                        String reason = outdated.get(j.member().address());
                        if (reason != null) {
                            j.member().fail("needs a rebuild: " + reason);
                            j.member().connection().close();
                            ready.add(CompletableFuture.completedFuture(j.member()));
                        } else if (j.info() != null && j.info().size() < size) {
                            ready.add(grow(j.member(), j.info().size(), size));
                        } else {
                            ready.add(CompletableFuture.completedFuture(j.member()));
                        }
                    }
                    return CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new))
                            .thenApply(all ->
                                    ready.stream().map(CompletableFuture::join).toList());
                });
    }

    private static CompletableFuture<Joined> join(String address, long size, ReplicaConnector connector) {
        return connector
                .connect(address)
                .thenCompose(connection -> connection.info().thenApply(info -> {
                    if (info.size() > size || info.size() % BlockAligner.BLOCK != 0) {
                        connection.close();
                        return new Joined(
                                ReplicaMember.unreachable(
                                        address,
                                        "replica size " + info.size() + " differs from volume size " + size
                                                + " (a replica only grows to its volume's size)"),
                                null);
                    }
                    return new Joined(new ReplicaMember(address, connection, ReplicaMode.RW), info);
                }))
                .exceptionally(failure -> new Joined(
                        ReplicaMember.unreachable(address, "cannot reach replica: " + Failures.rootMessage(failure)),
                        null));
    }

    /** The member at the volume's size; one that cannot grow starts in ERR with the reason, to be rebuilt. */
    private static CompletableFuture<ReplicaMember> grow(ReplicaMember member, long from, long to) {
        return member.connection().grow(to).handle((ok, failure) -> {
            if (failure != null) {
                member.fail("cannot grow from " + from + " to the volume's " + to + " bytes: "
                        + Failures.rootMessage(failure));
                member.connection().close();
            }
            return member;
        });
    }
}
