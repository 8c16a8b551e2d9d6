package dev.corral.controlplane.layeringfixture;

import dev.corral.controlplane.ControlPlane;
import dev.corral.node.NodeMain;

/** Control-plane classes (test-only) that break the layering rules, for the rules' own tests. */
public final class ControlPlaneFixtures {
    private ControlPlaneFixtures() {}

    /** Runs a node's command in the control plane's process. */
    public static final class RunsTheNode {
        public void run() {
            NodeMain.main(new String[] {"--help"});
        }
    }

    /** Builds a second control plane outside its composition root. */
    public static final class SecondRoot {
        public ControlPlane build() {
            return new ControlPlane(null, null, null);
        }
    }
}
