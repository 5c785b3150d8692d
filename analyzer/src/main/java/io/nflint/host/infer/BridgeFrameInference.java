package io.nflint.host.infer;

import io.nflint.host.Assumption;
import io.nflint.host.BridgePort;
import io.nflint.host.HostModel;
import io.nflint.host.InterfaceKind;
import io.nflint.host.NetInterface;
import io.nflint.host.Route;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.List;

/**
 * The host around one frame when the input is an ebtables dump alone: it says nothing of the
 * topology, but its rules act only on frames a bridge forwards, delivers or sends. So the interface
 * the frame arrives on is taken as a port of a bridge ({@value #BRIDGE}) whose subnet holds both
 * the source and the destination (a /24 or /64, wider where they need it), and the destination as living
 * behind another port: the frame is bridged, ebtables decides, and the walk says so.
 */
public final class BridgeFrameInference {

    static final String BRIDGE = "br0";

    private BridgeFrameInference() {
    }

    /**
     * {@code base} with the bridge added, or {@code base} itself when it already knows {@code inPort}
     * or a bridge, or the frame has no source.
     */
    public static HostModel infer(HostModel base, String inPort, Ip src, Ip dst) {
        if (inPort == null || src == null || base.iface(inPort).isPresent()
                || base.interfaces().stream().anyMatch(i -> i.kind() == InterfaceKind.BRIDGE)) {
            return base;
        }
        // a /24 (IPv6: /64) as a bridge subnet usually is, wider when the two addresses need it
        int len = src.v6() ? 64 : 24;
        while (len > 0 && !IpNet.of(src, len).contains(dst)) {
            len--;
        }
        IpNet net = IpNet.of(src, len);
        String other = BRIDGE + "-port(" + dst + ")";
        HostModel.Builder b = base.toBuilder();
        b.putInterface(new NetInterface(BRIDGE, 0, InterfaceKind.BRIDGE, null, List.of(), true, null, null));
        b.putInterface(new NetInterface(inPort, 0, InterfaceKind.VETH, BRIDGE, List.of(), true, null, null));
        b.addBridgePort(new BridgePort(inPort, BRIDGE, null, null, false));
        b.addRoute(Route.unicast(net, null, BRIDGE));
        b.addAssumption(new Assumption("", "assumed " + inPort + " is a port of bridge " + BRIDGE + " with subnet " + net
                + " and " + dst + " behind another port (" + other + "): an ebtables dump does not describe the host, "
                + "and its rules act on bridged frames"));
        return b.build();
    }
}
