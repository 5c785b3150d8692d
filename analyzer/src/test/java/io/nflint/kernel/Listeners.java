package io.nflint.kernel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Background socat listeners. Each answers every TCP connection or UDP datagram with one line
 * naming its namespace and the peer address it saw, i.e. the source after all NAT on the way in.
 */
final class Listeners {

    private final KernelLab lab;
    private final List<Process> running = new ArrayList<>();

    Listeners(KernelLab lab) {
        this.lab = lab;
    }

    void start(String ns, Proto proto, int port) {
        start(ns, proto, port, false);
    }

    /** {@code v6}: an IPv6-only listener (ipv6only=1, so an IPv4 listener on the same port can coexist). */
    void start(String ns, Proto proto, int port, boolean v6) {
        if (!ns.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("namespace name goes into a shell command; keep it simple: " + ns);
        }
        String reply = "SYSTEM:echo nflint-listener ns=" + ns + " peer=$SOCAT_PEERADDR port=$SOCAT_PEERPORT";
        String family = v6 ? "6" : "4";
        String only = v6 ? ",ipv6only=1" : "";
        String address = switch (proto) {
            case TCP -> "TCP" + family + "-LISTEN:" + port + only + ",reuseaddr,fork";
            case UDP -> "UDP" + family + "-RECVFROM:" + port + only + ",reuseaddr,fork";
            case ICMP -> throw new IllegalArgumentException("ICMP needs no listener: every namespace answers echo");
        };
        ProcessBuilder pb = new ProcessBuilder(lab.execCommand(ns, "socat", address, reply))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            running.add(pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start socat in " + ns, e);
        }
        awaitListening(ns, proto, port, v6);
    }

    private void awaitListening(String ns, Proto proto, int port, boolean v6) {
        String flags = (proto == Proto.TCP ? "-Hltn" : "-Hlun") + (v6 ? "6" : "4");
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            CommandResult ss = lab.exec(ns, "ss", flags, "sport = :" + port);
            if (ss.ok() && !ss.stdout().isBlank()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("listener " + proto.wire() + "/" + port + " in " + ns + " did not come up");
    }

    /** Kills the listeners and the per-connection children they forked; nothing else. */
    void stopAll() {
        for (Process p : running) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : running) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }
}
