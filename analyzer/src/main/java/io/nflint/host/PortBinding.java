package io.nflint.host;

import io.nflint.ir.PortRange;
import io.nflint.ir.Ip;

/**
 * One published port.
 *
 * @param hostIp         the address it was bound to; null when none was given ("all", which
 *                       Docker turns into 0.0.0.0 and :: or the network's host_binding_ipv4)
 * @param hostPorts      null when the host port was left to the engine and not yet chosen
 * @param containerPorts the container side; a single port for every engine we have seen
 * @param proto          tcp, udp or sctp
 */
public record PortBinding(Ip hostIp, PortRange hostPorts, PortRange containerPorts, String proto) {

    public int containerPort() {
        return containerPorts.lo();
    }

    public boolean allAddresses() {
        return hostIp == null || (hostIp.hi() == 0 && hostIp.lo() == 0);
    }

    @Override
    public String toString() {
        return (hostIp == null ? "" : (hostIp.v6() ? "[" + hostIp + "]" : hostIp.toString()) + ":")
                + (hostPorts == null ? "?" : hostPorts) + "->" + containerPorts + "/" + proto;
    }
}
