package dev.corral.cli.cluster;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Engine;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Volume;
import dev.corral.api.units.ByteSize;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/**
 * A volume as {@code volume get} shows it: the plain form prints these fields and the replica
 * table, {@code -o json} writes the same record, so machine output never carries less.
 */
record VolumeDetail(
        String name,
        String state,
        String robustness,
        long size,
        long replicasRunning,
        int replicasDesired,
        String dataLocality,
        String node,
        String endpoint,
        Instant created,
        List<Condition> conditions,
        List<ReplicaLine> replicas,
        Volume volume) {

    /**
     * One of the volume's replicas.
     *
     * @param state "failed" once the control plane failed it, else the state its agent reports
     * @param rebuild its rebuild as the volume's engine reports it, or null
     */
    record ReplicaLine(
            String name,
            String node,
            String disk,
            String state,
            ReplicaMode mode,
            String address,
            Engine.RebuildProgress rebuild,
            Replica replica) {}

    /** {@code replicas} and {@code engine} may hold other volumes' objects; only this one's are used. */
    static VolumeDetail of(Volume v, List<Replica> replicas, Engine engine) {
        List<Replica> own = VolumeViews.of(v, replicas);
        return new VolumeDetail(
                v.name(),
                VolumeViews.state(v),
                VolumeViews.lower(v.status().robustness()),
                v.spec().size(),
                VolumeViews.running(v, own),
                v.spec().numberOfReplicas(),
                VolumeViews.lower(v.spec().dataLocality()),
                VolumeViews.node(v),
                v.status().endpoint(),
                v.metadata().creationTimestamp(),
                v.status().conditions(),
                own.stream()
                        .map(r -> new ReplicaLine(
                                r.name(),
                                r.spec().nodeId(),
                                r.spec().diskName(),
                                r.spec().failedAt() != null
                                        ? "failed"
                                        : VolumeViews.lower(r.status().currentState()),
                                r.status().mode(),
                                r.status().address(),
                                engine == null
                                        ? null
                                        : engine.status().rebuilds().get(r.name()),
                                r))
                        .toList(),
                v);
    }

    void print(PrintWriter out) {
        Fields fields = new Fields()
                .add("Name", name)
                .add("State", state)
                .add("Robustness", robustness)
                .add("Size", ByteSize.format(size) + " (" + size + " bytes)")
                .add("Replicas", replicasRunning + "/" + replicasDesired + " running")
                .add("Data locality", dataLocality)
                .add("Node", node)
                .add("Endpoint", endpoint)
                .add("Created", created);
        conditions.forEach(c -> fields.add("Condition", VolumeViews.condition(c)));
        fields.print(out);
        out.println();
        Table table = new Table("REPLICA", "NODE", "DISK", "STATE", "MODE", "ADDRESS", "REBUILD");
        for (ReplicaLine r : replicas) {
            table.row(r.name(), r.node(), r.disk(), r.state(), r.mode(), r.address(), VolumeViews.rebuild(r.rebuild()));
        }
        table.print(out);
    }
}
