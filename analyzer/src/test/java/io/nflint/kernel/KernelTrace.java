package io.nflint.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The kernel's own TRACE lines for one probe, via {@code xtables-monitor --trace} (nft backend only:
 * with iptables-legacy, TRACE goes to the kernel log, which is off in non-initial namespaces).
 *
 * <p>The probe gets a random fixed source port S; four TRACE rules are inserted at the head of
 * raw PREROUTING and raw OUTPUT matching {@code --sport S} (the original direction) and
 * {@code --dport S} (replies), so only this connection is traced. They are removed afterwards.
 * The raw rules themselves appear in the trace (as {@code raw:PREROUTING:rule:0x..:CONTINUE}).
 *
 * <p>Line format (xtables-monitor 1.8.9), a PACKET line each time a hook starts evaluating:
 * <pre>
 * PACKET: 2 ce03b0ba IN=ext0 OUT=docker0 MACSRC=.. MACDST=.. MACPROTO=0800 SRC=198.51.100.2 DST=172.17.0.2 LEN=60 TOS=0x0 TTL=63 ID=65000 DF SPORT=51912 DPORT=80 SYN
 *  TRACE: 2 ce03b0ba filter:FORWARD:rule:0x10:ACCEPT  -4 -t filter -A FORWARD -p tcp -m tcp --dport 80 -j ACCEPT
 *  TRACE: 2 ce03b0ba raw:PREROUTING:policy:ACCEPT
 * </pre>
 * "2" is the family (NFPROTO_IPV4), then the trace id (one per packet), then table:chain, then
 * {@code rule:<nft handle>:<verdict>} followed by the rule in iptables syntax, or {@code return:} /
 * {@code policy:<verdict>}. The number after "rule:" is the nft rule handle, not the position.
 */
public final class KernelTrace {

    public record Traced(Observation observation, List<String> lines) {
        /** Only the " TRACE:" lines, trimmed, without the packet dumps. */
        public List<String> verdictLines() {
            return lines.stream().filter(l -> l.startsWith("TRACE:")).toList();
        }
    }

    private KernelTrace() {
    }

    public static Traced probe(KernelLab lab, String traceNs, String fromNs, Proto proto, String address, int port) {
        if (lab.backend() != KernelLab.Backend.NFT) {
            throw new IllegalStateException("kernel trace capture needs the nft backend");
        }
        int sport = ThreadLocalRandom.current().nextInt(40000, 60000);
        List<String[]> rules = new ArrayList<>();
        for (String chain : List.of("PREROUTING", "OUTPUT")) {
            for (String dir : proto == Proto.ICMP ? List.of("") : List.of("--sport", "--dport")) {
                rules.add(dir.isEmpty()
                        ? new String[] {chain, "-p", proto.wire()}
                        : new String[] {chain, "-p", proto.wire(), dir, Integer.toString(sport)});
            }
        }
        Path out;
        try {
            out = Files.createTempFile("nflint-trace", ".txt");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Process monitor = null;
        try {
            for (String[] r : rules) {
                lab.iptables(traceNs, concat("-t", "raw", "-I", r[0], "1", r, 1, "-j", "TRACE")).orThrow();
            }
            monitor = new ProcessBuilder(lab.execCommand(traceNs, "xtables-monitor", "--trace"))
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // xtables-monitor gives no readiness signal; its netlink subscription takes a few ms.
            Thread.sleep(300);
            Observation obs = proto == Proto.ICMP
                    ? lab.ping(fromNs, address)
                    : lab.probe(fromNs, proto, address, port, sport);
            Thread.sleep(300);
            monitor.destroy();
            monitor.waitFor();
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            return new Traced(obs, lines);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run xtables-monitor", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (monitor != null && monitor.isAlive()) {
                monitor.destroyForcibly();
            }
            for (String[] r : rules) {
                lab.iptables(traceNs, concat("-t", "raw", "-D", r[0], null, r, 1, "-j", "TRACE"));
            }
            try {
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    /** {@code t table op chain [pos] rest-of-r... j target}, skipping pos when null. */
    private static String[] concat(String t, String table, String op, String chain, String pos,
                                   String[] r, int from, String j, String target) {
        List<String> all = new ArrayList<>(List.of(t, table, op, chain));
        if (pos != null) {
            all.add(pos);
        }
        all.addAll(List.of(r).subList(from, r.length));
        all.add(j);
        all.add(target);
        return all.toArray(String[]::new);
    }
}
