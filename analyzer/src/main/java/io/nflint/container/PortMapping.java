package io.nflint.container;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.PortRange;
import io.nflint.ir.Rule;
import java.util.List;

/**
 * A published port as the nat rules configure it: packets to {@code hostAddress} (null = any
 * local address, Docker's {@code addrtype LOCAL}) on {@code hostPorts}/{@code protocol} are
 * DNATed to {@code target}:{@code targetPorts}. {@code path} is the chain of jumps from the base
 * chain to the DNAT rule, whose conditions the mapping collects; {@code excludedInInterface} is
 * Docker's {@code ! -i docker0} (null when absent), {@code requiredInInterface} a plain {@code -i}.
 * {@code restrictedSource} is true when some rule on the path limits the source address.
 */
public record PortMapping(int protocol, IpNet hostAddress, PortRange hostPorts, Ip target, PortRange targetPorts,
                          String excludedInInterface, String requiredInInterface, boolean restrictedSource,
                          boolean fromPrerouting, boolean fromOutput, Rule dnatRule, List<Rule> path) {

    public PortMapping {
        path = List.copyOf(path);
    }

    public String protocolName() {
        return protocol == 6 ? "tcp" : protocol == 17 ? "udp" : protocol == 132 ? "sctp" : Integer.toString(protocol);
    }

    /** {@code tcp/8080 -> 172.17.0.2:80}, with the host address when one is given. */
    public String describe() {
        String host = hostAddress == null ? "" : (hostAddress.length() == hostAddress.address().bits()
                ? hostAddress.address().toString() : hostAddress.toString()) + ":";
        String tp = targetPorts == null ? "" : ":" + targetPorts;
        return protocolName() + "/" + host + hostPorts + " -> " + target + tp;
    }
}
