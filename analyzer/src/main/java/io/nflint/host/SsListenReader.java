package io.nflint.host;

import io.nflint.ir.Ip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ss -ltnup} (with or without {@code -H}): one socket per line,
 * {@code [Netid] State Recv-Q Send-Q Local:Port Peer:Port [users:(("name",pid=N,fd=M),…)]}.
 */
final class SsListenReader {

    private static final Set<String> NETIDS = Set.of("tcp", "udp", "raw", "sctp", "dccp", "mptcp",
            "u_str", "u_dgr", "u_seq", "nl", "p_raw", "p_dgr", "v_str", "v_dgr", "xdp", "tipc");
    private static final Pattern PROCESS = Pattern.compile("\\(\"((?:[^\"\\\\]|\\\\.)*)\",pid=(\\d+)");

    private SsListenReader() {
    }

    private record Field(String text, int column) {
    }

    static List<Listener> read(Path file) throws BundleFormatException {
        List<String> lines = Lines.read(file);
        List<Listener> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            List<Field> f = fields(lines.get(i));
            if (f.isEmpty() || f.get(0).text.equals("Netid") || f.get(0).text.equals("State")) {
                continue;
            }
            int at = 0;
            String proto;
            if (NETIDS.contains(f.get(0).text)) {
                proto = f.get(0).text;
                at = 1;
            } else {
                // without a Netid column (a single -t or -u) the state tells which it was
                proto = f.get(0).text.equals("UNCONN") ? "udp" : "tcp";
            }
            if (f.size() < at + 5) {
                throw new BundleFormatException(file, lineNo, Lines.firstNonBlank(lines.get(i)),
                        "expected State Recv-Q Send-Q Local:Port Peer:Port, found " + (f.size() - at) + " column(s)");
            }
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp") && !proto.equals("mptcp")) {
                continue;
            }
            Field local = f.get(at + 3);
            Listener l = listener(file, lineNo, proto, local, f.size() > at + 5 ? lines.get(i).substring(f.get(at + 5).column - 1) : null);
            if (l != null) {
                out.add(l);
            }
        }
        return out;
    }

    private static Listener listener(Path file, int line, String proto, Field local, String process)
            throws BundleFormatException {
        String text = local.text;
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new BundleFormatException(file, line, local.column, "expected address:port, found \"" + text + "\"");
        }
        String portText = text.substring(colon + 1);
        if (portText.equals("*")) {
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new BundleFormatException(file, line, local.column + colon + 1, "not a port: \"" + portText + "\"");
        }
        if (port < 0 || port > 65535) {
            throw new BundleFormatException(file, line, local.column + colon + 1, "port out of range: " + port);
        }
        String addr = text.substring(0, colon);
        String device = null;
        int pct = addr.lastIndexOf('%');
        if (pct >= 0 && pct > addr.lastIndexOf(']')) {
            device = addr.substring(pct + 1);
            addr = addr.substring(0, pct);
        }
        if (addr.startsWith("[") && addr.endsWith("]")) {
            addr = addr.substring(1, addr.length() - 1);
        }
        Ip ip = null;
        if (!addr.equals("*")) {
            String literal = addr;
            ip = Ip.parse(literal).orElseThrow(() -> new BundleFormatException(file, line, local.column,
                    "not an address: \"" + literal + "\""));
        }
        String name = null;
        int pid = 0;
        if (process != null) {
            Matcher m = PROCESS.matcher(process);
            if (m.find()) {
                name = m.group(1);
                pid = Integer.parseInt(m.group(2));
            }
        }
        return new Listener(proto, ip, port, device, name, pid);
    }

    private static List<Field> fields(String line) {
        List<Field> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (Character.isWhitespace(line.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            out.add(new Field(line.substring(start, i), start + 1));
        }
        return out;
    }
}
