package io.nflint.host;

import java.util.List;
import java.util.Optional;

/**
 * One network interface of the host.
 *
 * @param index   kernel ifindex, 0 when unknown (e.g. inferred from the rules)
 * @param master  the bridge this interface is a port of, or null
 * @param hairpin bridge-port hairpin mode; null when not a port or not known
 */
public record NetInterface(
        String name,
        int index,
        InterfaceKind kind,
        String master,
        List<IfAddress> addresses,
        boolean up,
        Boolean hairpin,
        String mac) {

    public NetInterface {
        addresses = List.copyOf(addresses);
    }

    public static NetInterface named(String name, InterfaceKind kind) {
        return new NetInterface(name, 0, kind, null, List.of(), true, null, null);
    }

    public Optional<String> masterBridge() {
        return Optional.ofNullable(master);
    }

    public Optional<Boolean> hairpinMode() {
        return Optional.ofNullable(hairpin);
    }

    public NetInterface withAddresses(List<IfAddress> newAddresses) {
        return new NetInterface(name, index, kind, master, newAddresses, up, hairpin, mac);
    }

    public NetInterface withKind(InterfaceKind newKind) {
        return new NetInterface(name, index, newKind, master, addresses, up, hairpin, mac);
    }

    public NetInterface withMaster(String newMaster) {
        return new NetInterface(name, index, kind, newMaster, addresses, up, hairpin, mac);
    }

    public NetInterface withHairpin(Boolean newHairpin) {
        return new NetInterface(name, index, kind, master, addresses, up, newHairpin, mac);
    }
}
