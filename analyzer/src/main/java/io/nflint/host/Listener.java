package io.nflint.host;

import io.nflint.ir.Ip;

/**
 * A listening (tcp) or bound (udp) socket from {@code ss -ltnup}.
 *
 * @param address the bound address; null for {@code *} (every address of both families)
 * @param device  the {@code %dev} suffix (SO_BINDTODEVICE), or null
 * @param process the first process holding it ("docker-proxy", "conmon" …), or null
 * @param pid     0 when not printed
 */
public record Listener(String proto, Ip address, int port, String device, String process, int pid) {

    /** Whether a packet to {@code dst} on this socket's port would reach it (address-wise). */
    public boolean accepts(Ip dst) {
        if (address == null) {
            return true;
        }
        if (address.hi() == 0 && address.lo() == 0) {
            // [::] also takes IPv4 unless IPV6_V6ONLY, which ss does not show; assume dual-stack
            return address.v6() || !dst.v6();
        }
        return address.equals(dst);
    }
}
