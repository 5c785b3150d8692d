package io.nflint.host;

/** What sort of link an interface is, as far as packet paths care. */
public enum InterfaceKind {
    LOOPBACK,
    BRIDGE,
    VETH,
    OTHER;

    /** Maps {@code ip -d link}'s {@code info_kind}; kinds the engines do not distinguish become OTHER. */
    static InterfaceKind fromInfoKind(String infoKind) {
        if (infoKind == null) {
            return OTHER;
        }
        return switch (infoKind) {
            case "bridge" -> BRIDGE;
            case "veth" -> VETH;
            default -> OTHER;
        };
    }
}
