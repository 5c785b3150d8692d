package io.nflint.pipeline;

/**
 * One step on a packet's way through the host, in the order the kernel runs them. {@link Chain}
 * is a table's base chain at a hook; the others are the kernel's own decisions between them.
 */
public sealed interface Stage {

    /** The base chain {@code table}/{@code chain} runs at {@code hook} with this priority. */
    record Chain(String table, Hook hook, int priority, boolean bridgeFamily) implements Stage {
        public String chain() {
            return hook.name();
        }

        /** nat base chains only see the first packet of a connection; later ones reuse its mapping. */
        public boolean natOnly() {
            return table.equals("nat");
        }
    }

    /**
     * An nftables base chain of a native table ({@code family} ip, ip6 or inet) at {@code hook}:
     * its table, chain, type ({@code filter}, {@code nat}, {@code route}) and priority. Placed among
     * the other stages by {@link HookOrder}.
     */
    record NftBase(String family, String table, String chain, String type, Hook hook, int priority) implements Stage {
        /** nat chains run inside the NAT core, for a connection's first packet, until one sets up a mapping. */
        public boolean nat() {
            return type.equals("nat");
        }
    }

    /** Conntrack looks the packet up (PREROUTING/OUTPUT, priority -200): state NEW, ESTABLISHED, … */
    record ConntrackLookup() implements Stage {
    }

    /** Established connections get their recorded NAT here instead of running nat chains. */
    record ApplyRecordedNat(boolean destination) implements Stage {
    }

    /** The routing decision: local delivery or forwarding, and the out interface. */
    record Route() implements Stage {
    }

    /** Locally generated packets are routed again when OUTPUT changed their destination or mark. */
    record Reroute() implements Stage {
    }

    /** The bridge decides whether the frame is for the host or goes out another port. */
    record BridgeDecision() implements Stage {
    }

    /** Conntrack confirms a new connection when it leaves the last hook (priority INT_MAX). */
    record ConntrackConfirm() implements Stage {
    }
}
