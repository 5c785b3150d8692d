package io.nflint.ir;

/**
 * A NAT destination such as {@code 172.17.0.2:80}, {@code 10.0.0.1-10.0.0.9:1000-2000} or
 * {@code [2001:db8::2]:80}; a null address range keeps the address, a null port range keeps the port.
 * {@code portBase} is the {@code /base} of a shifted port range ({@code :1000-2000/3000}, kernel 5.x):
 * the original port minus the base is added to the range's start; -1 when absent.
 */
public record NatRange(AddressRange addresses, PortRange ports, int portBase) {

    public NatRange(AddressRange addresses, PortRange ports) {
        this(addresses, ports, -1);
    }

    @Override
    public String toString() {
        String a = addresses == null ? "" : addresses.from().v6() && ports != null ? "[" + addresses + "]" : addresses.toString();
        if (ports == null) {
            return a;
        }
        String p = ports.lo() == ports.hi() ? Integer.toString(ports.lo()) : ports.lo() + "-" + ports.hi();
        return a + ":" + p + (portBase >= 0 ? "/" + portBase : "");
    }
}
