package io.nflint.symbolic.replay;

import io.nflint.ir.Ip;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host a bridged witness assumes: the solver's choices (as {@link ReplayHost}), plus the one
 * bridge the frame crosses with its two ports, the frame's destination behind the out port and on
 * the bridge's link, and bridge-nf-call-iptables as the side's host says.
 */
final class BridgeReplayHost extends FlatHost {

    private final ReplayHost choices;
    private final String bridge;
    private final String inPort;
    private final String outPort;
    private final Ip behindOut;
    private final boolean bridgeNf;

    BridgeReplayHost(ReplayHost choices, String bridge, String inPort, String outPort, Ip behindOut, boolean bridgeNf) {
        this.choices = choices;
        this.bridge = bridge;
        this.inPort = inPort;
        this.outPort = outPort;
        this.behindOut = behindOut;
        this.bridgeNf = bridgeNf;
    }

    @Override
    public Optional<RouteHit> route(Ip dst) {
        Optional<RouteHit> chosen = choices.route(dst);
        if (chosen.isPresent() || !dst.equals(behindOut)) {
            return chosen;
        }
        return Optional.of(new RouteHit(bridge, RouteHit.Type.UNICAST, null, null, dst + " dev " + bridge + " (on the bridge's link)"));
    }

    @Override
    public boolean isLocal(Ip ip) {
        return choices.isLocal(ip);
    }

    @Override
    public Optional<Ip> primaryAddress(String iface, boolean v6) {
        return choices.primaryAddress(iface, v6);
    }

    @Override
    public boolean routeLocalnet(String iface) {
        return choices.routeLocalnet(iface);
    }

    @Override
    public boolean isBridge(String iface) {
        return bridge.equals(iface);
    }

    @Override
    public Optional<String> bridgeOf(String port) {
        return inPort.equals(port) || outPort.equals(port) ? Optional.of(bridge) : Optional.empty();
    }

    @Override
    public Optional<String> portFor(String b, Ip ip) {
        return bridge.equals(b) && ip.equals(behindOut) ? Optional.of(outPort) : Optional.empty();
    }

    @Override
    public Optional<Boolean> hairpin(String b, String port) {
        return Optional.of(false);
    }

    @Override
    public boolean bridgeNfCallIptables(boolean v6) {
        return bridgeNf;
    }

    @Override
    public List<String> assumptions() {
        List<String> out = new ArrayList<>(choices.assumptions());
        out.add(inPort + " and " + outPort + " are ports of bridge " + bridge + ", " + behindOut + " behind " + outPort
                + "; bridge-nf-call-iptables=" + (bridgeNf ? 1 : 0));
        return out;
    }
}
