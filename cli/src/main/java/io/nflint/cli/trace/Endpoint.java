package io.nflint.cli.trace;

import io.nflint.ir.Ip;
import java.util.Optional;

/** {@code IP}, {@code IP:PORT} or {@code [IPv6]:PORT} as {@code --src}/{@code --dst} take them; port -1 when absent. */
record Endpoint(Ip ip, int port) {

    static Optional<Endpoint> parse(String text) {
        String t = text.strip();
        String addr = t;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            addr = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else if (!rest.isEmpty()) {
                return Optional.empty();
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            addr = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        }
        Optional<Ip> ip = Ip.parse(addr);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        int p = -1;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (p < 0 || p > 65535) {
                return Optional.empty();
            }
        }
        return Optional.of(new Endpoint(ip.get(), p));
    }
}
