package io.nflint.ir;

/**
 * A NAT destination such as {@code 172.17.0.2:80}, {@code 10.0.0.1-10.0.0.9:1000-2000} or
 * {@code [2001:db8::2]:80}; a null address range keeps the address, a null port range keeps the port.
 */
public record NatRange(AddressRange addresses, PortRange ports) {

    @Override
    public String toString() {
        String a = addresses == null ? "" : addresses.from().v6() && ports != null ? "[" + addresses + "]" : addresses.toString();
        return ports == null ? a : a + ":" + (ports.lo() == ports.hi() ? Integer.toString(ports.lo()) : ports.lo() + "-" + ports.hi());
    }
}
