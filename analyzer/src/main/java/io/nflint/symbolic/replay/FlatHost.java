package io.nflint.symbolic.replay;

import io.nflint.ir.Direction;
import io.nflint.ir.Ip;
import io.nflint.walk.HostView;

import java.util.List;
import java.util.Optional;

/**
 * The hosts the symbolic engine makes up for the concrete walker (to replay a witness, to probe a
 * rule): plain interfaces only, forwarding on, no bridges, no broadcast addresses, no
 * route_localnet, ipset contents unknown (the walk forks, as the solver leaves them open).
 * Subclasses say which addresses are local, where they route and what an interface's address is.
 */
public abstract class FlatHost implements HostView {

    /** 127.0.0.0/8 and ::1: local on every Linux host. */
    public static boolean loopbackAddress(Ip ip) {
        return !ip.v6() && (ip.v4Value() >>> 24) == 127 || ip.v6() && ip.hi() == 0 && ip.lo() == 1;
    }

    @Override
    public boolean isLocalOn(String iface, Ip ip) {
        return false;
    }

    @Override
    public boolean isBroadcast(String iface, Ip ip) {
        return false;
    }

    @Override
    public boolean isLoopback(String iface) {
        return "lo".equals(iface);
    }

    @Override
    public boolean hasInterface(String iface) {
        return true;
    }

    @Override
    public boolean isBridge(String iface) {
        return false;
    }

    @Override
    public Optional<String> bridgeOf(String port) {
        return Optional.empty();
    }

    @Override
    public Optional<String> portFor(String bridge, Ip ip) {
        return Optional.empty();
    }

    @Override
    public Optional<Boolean> hairpin(String bridge, String port) {
        return Optional.empty();
    }

    @Override
    public boolean ipForward(boolean v6) {
        return true;
    }

    @Override
    public boolean bridgeNfCallIptables(boolean v6) {
        return false;
    }

    @Override
    public boolean routeLocalnet(String iface) {
        return false;
    }

    @Override
    public Optional<Boolean> setContains(String name, io.nflint.walk.Packet packet, List<Direction> flags) {
        return Optional.empty();
    }
}
