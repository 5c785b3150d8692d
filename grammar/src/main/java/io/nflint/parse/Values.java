package io.nflint.parse;

import io.nflint.ir.AddressRange;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.MarkValue;
import io.nflint.ir.NatRange;
import io.nflint.ir.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Parsers for the value syntaxes iptables shares between modules, with iptables' own limits. */
final class Values {

    private Values() {
    }

    /** The services iptables resolves through /etc/services that real dumps and hand files use. */
    private static final Map<String, Integer> SERVICES = Map.ofEntries(
            Map.entry("ftp-data", 20), Map.entry("ftp", 21), Map.entry("ssh", 22), Map.entry("telnet", 23),
            Map.entry("smtp", 25), Map.entry("domain", 53), Map.entry("bootps", 67), Map.entry("bootpc", 68),
            Map.entry("tftp", 69), Map.entry("http", 80), Map.entry("www", 80), Map.entry("kerberos", 88),
            Map.entry("pop3", 110), Map.entry("sunrpc", 111), Map.entry("auth", 113), Map.entry("ident", 113),
            Map.entry("ntp", 123), Map.entry("netbios-ns", 137), Map.entry("netbios-dgm", 138),
            Map.entry("netbios-ssn", 139), Map.entry("imap", 143), Map.entry("imap2", 143), Map.entry("snmp", 161),
            Map.entry("snmp-trap", 162), Map.entry("bgp", 179), Map.entry("ldap", 389), Map.entry("https", 443),
            Map.entry("microsoft-ds", 445), Map.entry("isakmp", 500), Map.entry("syslog", 514),
            Map.entry("submission", 587), Map.entry("ldaps", 636), Map.entry("rsync", 873), Map.entry("imaps", 993),
            Map.entry("pop3s", 995), Map.entry("openvpn", 1194), Map.entry("ms-sql-s", 1433),
            Map.entry("l2tp", 1701), Map.entry("pptp", 1723), Map.entry("nfs", 2049), Map.entry("mysql", 3306),
            Map.entry("ipsec-nat-t", 4500), Map.entry("sip", 5060), Map.entry("postgresql", 5432),
            Map.entry("x11", 6000), Map.entry("http-alt", 8080), Map.entry("webcache", 8080),
            Map.entry("dhcpv6-client", 546), Map.entry("dhcpv6-server", 547), Map.entry("mdns", 5353),
            Map.entry("echo", 7), Map.entry("discard", 9), Map.entry("daytime", 13), Map.entry("whois", 43),
            Map.entry("finger", 79), Map.entry("nntp", 119), Map.entry("xmpp-client", 5222),
            Map.entry("xmpp-server", 5269), Map.entry("radius", 1812), Map.entry("radius-acct", 1813),
            Map.entry("ipp", 631), Map.entry("printer", 515), Map.entry("kerberos-adm", 749),
            Map.entry("redis", 6379), Map.entry("git", 9418), Map.entry("zabbix-agent", 10050));

    /** Protocol names iptables accepts after {@code -p} (numbers 0–255 too). */
    private static final Map<String, Integer> PROTOCOLS = Map.ofEntries(
            Map.entry("all", 0), Map.entry("ip", 0), Map.entry("icmp", 1), Map.entry("igmp", 2),
            Map.entry("ggp", 3), Map.entry("ipencap", 4), Map.entry("ipip", 4), Map.entry("st", 5),
            Map.entry("tcp", 6), Map.entry("egp", 8), Map.entry("igp", 9), Map.entry("pup", 12),
            Map.entry("udp", 17), Map.entry("hmp", 20), Map.entry("xns-idp", 22), Map.entry("rdp", 27),
            Map.entry("iso-tp4", 29), Map.entry("dccp", 33), Map.entry("xtp", 36), Map.entry("ddp", 37),
            Map.entry("idpr-cmtp", 38), Map.entry("ipv6", 41), Map.entry("ipv6-route", 43),
            Map.entry("ipv6-frag", 44), Map.entry("idrp", 45), Map.entry("rsvp", 46), Map.entry("gre", 47),
            Map.entry("esp", 50), Map.entry("ah", 51), Map.entry("skip", 57), Map.entry("ipv6-icmp", 58),
            Map.entry("icmpv6", 58), Map.entry("icmp6", 58), Map.entry("ipv6-nonxt", 59),
            Map.entry("ipv6-opts", 60), Map.entry("rspf", 73), Map.entry("vmtp", 81), Map.entry("eigrp", 88),
            Map.entry("ospf", 89), Map.entry("ax.25", 93), Map.entry("ipip4", 94), Map.entry("etherip", 97),
            Map.entry("encap", 98), Map.entry("pim", 103), Map.entry("ipcomp", 108), Map.entry("vrrp", 112),
            Map.entry("l2tp", 115), Map.entry("isis", 124), Map.entry("sctp", 132), Map.entry("fc", 133),
            Map.entry("mobility-header", 135), Map.entry("mh", 135), Map.entry("udplite", 136),
            Map.entry("mpls-in-ip", 137), Map.entry("manet", 138), Map.entry("hip", 139), Map.entry("shim6", 140),
            Map.entry("wesp", 141), Map.entry("rohc", 142), Map.entry("ethernet", 143));

    static Optional<Integer> protocol(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        Integer p = PROTOCOLS.get(k);
        if (p != null) {
            return Optional.of(p);
        }
        if (isDigits(k) && k.length() <= 3) {
            int n = Integer.parseInt(k);
            return n <= 255 ? Optional.of(n) : Optional.empty();
        }
        return Optional.empty();
    }

    static int protocol(Val v) throws BadValueException {
        return protocol(v.text()).orElseThrow(() -> BadValueException.value(
                "unknown protocol '" + v.text() + "' (a name from /etc/protocols or a number 0-255)", v.span()));
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static int port(String s, Val v) throws BadValueException {
        if (isDigits(s)) {
            if (s.length() > 5 || Integer.parseInt(s) > 65535) {
                throw BadValueException.value("port " + s + " is out of range 0-65535", v.span());
            }
            return Integer.parseInt(s);
        }
        Integer named = SERVICES.get(s.toLowerCase(Locale.ROOT));
        if (named == null) {
            throw BadValueException.value("invalid port/service '" + s + "'", v.span());
        }
        return named;
    }

    /** {@code p}, {@code lo:hi}, {@code :hi}, {@code lo:} — the tcp/udp {@code --sport} syntax. */
    static PortRange portRange(Val v) throws BadValueException {
        return portRange(v.text(), v, ':');
    }

    static PortRange portRange(String s, Val v, char sep) throws BadValueException {
        int i = s.indexOf(sep);
        if (i < 0) {
            return PortRange.of(port(s, v));
        }
        int lo = i == 0 ? 0 : port(s.substring(0, i), v);
        int hi = i == s.length() - 1 ? 65535 : port(s.substring(i + 1), v);
        if (lo > hi && sep != ':') {
            throw BadValueException.value("port range " + s + " is inverted (" + lo + " > " + hi + ")", v.span());
        }
        // an inverted match range (old iptables saved them) matches no port; the IR keeps it as written
        return new PortRange(lo, hi);
    }

    /** The multiport list: up to 15 entries, ranges counting twice. */
    static List<PortRange> portList(Val v) throws BadValueException {
        List<PortRange> out = new ArrayList<>();
        int slots = 0;
        for (String part : v.text().split(",", -1)) {
            if (part.isEmpty()) {
                throw BadValueException.value("empty entry in port list '" + v.text() + "'", v.span());
            }
            PortRange r = portRange(part, v, ':');
            slots += r.lo() == r.hi() ? 1 : 2;
            out.add(r);
        }
        if (slots > 15) {
            throw BadValueException.value("too many ports in '" + v.text() + "' (multiport takes at most 15, a range counts as 2)", v.span());
        }
        return out;
    }

    /**
     * True for a value that is no address literal but a name iptables would look up in DNS, or a
     * placeholder someone put in when publishing a dump ({@code <private_ip>}, {@code $HOST}).
     */
    static boolean isHostName(String s) {
        String addr = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
        if (addr.isEmpty() || Ip.parse(addr).isPresent()) {
            return false;
        }
        if (addr.contains("<") || addr.contains("$") || addr.contains("{")) {
            return true;
        }
        boolean hasLetter = false;
        for (int i = 0; i < addr.length(); i++) {
            char c = addr.charAt(i);
            if (Character.isLetter(c)) {
                hasLetter = true;
            } else if (!(Character.isDigit(c) || c == '.' || c == '-' || c == '_')) {
                return false;
            }
        }
        return hasLetter && !addr.contains(",");
    }

    static IpNet net(Val v, boolean v6) throws BadValueException {
        return net(v.text(), v, v6);
    }

    static IpNet net(String s, Val v, boolean v6) throws BadValueException {
        Optional<IpNet> n = IpNet.parse(s);
        if (n.isEmpty()) {
            String addr = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
            if (Ip.parse(addr).isPresent()) {
                throw BadValueException.value("invalid mask in '" + s + "'", v.span());
            }
            boolean looksNumeric = !addr.isEmpty() && addr.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':'
                    || Character.digit(c, 16) >= 0);
            throw BadValueException.value(looksNumeric
                    ? "invalid address '" + addr + "'"
                    : "host name '" + addr + "': iptables would resolve it with DNS when loading; nflint does not, write the address", v.span());
        }
        if (n.get().v6() != v6) {
            throw BadValueException.value((v6 ? "IPv4" : "IPv6") + " address '" + s + "' in an " + (v6 ? "ip6tables" : "iptables")
                    + " rule set (iptables-restore: host/network not found)", v.span());
        }
        return n.get();
    }

    static List<IpNet> netList(Val v, boolean v6) throws BadValueException {
        List<IpNet> out = new ArrayList<>();
        for (String part : v.text().split(",", -1)) {
            out.add(net(part, v, v6));
        }
        return out;
    }

    static Ip address(String s, Val v, boolean v6) throws BadValueException {
        Optional<Ip> ip = Ip.parse(s);
        if (ip.isEmpty()) {
            throw BadValueException.value("invalid address '" + s + "'", v.span());
        }
        if (ip.get().v6() != v6) {
            throw BadValueException.value((v6 ? "IPv4" : "IPv6") + " address '" + s + "' in an " + (v6 ? "ip6tables" : "iptables") + " rule set", v.span());
        }
        return ip.get();
    }

    static AddressRange addressRange(Val v, boolean v6) throws BadValueException {
        String s = v.text();
        int dash = s.indexOf('-');
        Ip from = address(dash < 0 ? s : s.substring(0, dash), v, v6);
        Ip to = dash < 0 ? from : address(s.substring(dash + 1), v, v6);
        if (from.compareTo(to) > 0) {
            throw BadValueException.value("address range " + s + " is inverted", v.span());
        }
        return new AddressRange(from, to);
    }

    static long number(String s, Val v, long max) throws BadValueException {
        try {
            long n = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            if (n < 0 || n > max) {
                throw BadValueException.value("value " + s + " is out of range 0-" + max, v.span());
            }
            return n;
        } catch (NumberFormatException e) {
            throw BadValueException.value("'" + s + "' is not a number", v.span());
        }
    }

    /** {@code value[/mask]}, 32-bit each. */
    static MarkValue mark(Val v) throws BadValueException {
        String s = v.text();
        int slash = s.indexOf('/');
        long value = number(slash < 0 ? s : s.substring(0, slash), v, 0xffffffffL);
        long mask = slash < 0 ? MarkValue.FULL : number(s.substring(slash + 1), v, 0xffffffffL);
        return new MarkValue(value, mask);
    }

    /**
     * A NAT target: {@code addr[-addr][:port[-port]]}, {@code [v6addr]:port}, a bare v6 address,
     * or {@code :port} alone.
     */
    static NatRange natRange(Val v, boolean v6) throws BadValueException {
        String s = v.text();
        String addrPart;
        String portPart = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw BadValueException.value("missing ']' in '" + s + "'", v.span());
            }
            addrPart = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw BadValueException.value("expected ':port' after ']' in '" + s + "'", v.span());
                }
                portPart = rest.substring(1);
            }
        } else if (v6 && s.indexOf(':') != s.lastIndexOf(':') || v6 && !s.startsWith(":") && s.contains(":") && !s.contains(".")) {
            addrPart = s;
        } else {
            int colon = s.indexOf(':');
            addrPart = colon < 0 ? s : s.substring(0, colon);
            portPart = colon < 0 ? null : s.substring(colon + 1);
        }
        AddressRange addresses = null;
        if (!addrPart.isEmpty()) {
            int dash = addrPart.indexOf('-');
            Ip from = address(dash < 0 ? addrPart : addrPart.substring(0, dash), v, v6);
            Ip to = dash < 0 ? from : address(addrPart.substring(dash + 1), v, v6);
            if (from.compareTo(to) > 0) {
                throw BadValueException.value("address range " + addrPart + " is inverted", v.span());
            }
            addresses = new AddressRange(from, to);
        }
        PortRange ports = null;
        int base = -1;
        if (portPart != null) {
            int slash = portPart.indexOf('/');
            ports = portRange(slash < 0 ? portPart : portPart.substring(0, slash), v, '-');
            if (slash >= 0) {
                base = port(portPart.substring(slash + 1), v);
            }
        }
        if (addresses == null && ports == null) {
            throw BadValueException.value("empty NAT address '" + s + "'", v.span());
        }
        return new NatRange(addresses, ports, base);
    }

    /** {@code --to-ports} of MASQUERADE and REDIRECT: {@code p} or {@code lo-hi}. */
    static PortRange natPorts(Val v) throws BadValueException {
        return portRange(v.text(), v, '-');
    }
}
