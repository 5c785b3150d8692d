package io.nflint.pipeline;

/** Hook priorities from the kernel's {@code nf_ip_hook_priorities} and {@code nf_br_hook_priorities}. */
public final class Priorities {

    private Priorities() {
    }

    public static final int CONNTRACK_DEFRAG = -400;
    public static final int RAW = -300;
    public static final int CONNTRACK = -200;
    public static final int MANGLE = -150;
    public static final int NAT_DST = -100;
    public static final int FILTER = 0;
    public static final int SECURITY = 50;
    public static final int NAT_SRC = 100;
    public static final int CONNTRACK_CONFIRM = Integer.MAX_VALUE;

    public static final int BRIDGE_BROUTING = -1000;
    public static final int BRIDGE_NAT_DST = -300;
    public static final int BRIDGE_FILTER = -200;
    public static final int BRIDGE_NAT_SRC = 300;
}
