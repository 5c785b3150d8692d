package io.nflint.ir;

/** Which tool printed the dump, and so which packets its rules see. */
public enum Family {
    IPV4("iptables"),
    IPV6("ip6tables"),
    BRIDGE("ebtables"),
    ARP("arptables");

    private final String tool;

    Family(String tool) {
        this.tool = tool;
    }

    public String tool() {
        return tool;
    }

    public boolean isIp() {
        return this == IPV4 || this == IPV6;
    }
}
