package io.nflint.walk;

/**
 * What to walk: a packet arriving on interface {@code inIface} (a bridge port, a bridge, an uplink)
 * or, when {@code inIface} is null, generated on the host itself.
 *
 * @param reply       walk the reply of the connection the packet opens (conntrack's reverse tuple,
 *                    ESTABLISHED, with the recorded NAT undone)
 * @param established walk a later packet of the connection in the original direction
 *                    (ESTABLISHED, recorded NAT, no nat chains)
 * @param related     the first packet is of a connection a conntrack helper expects (RELATED,
 *                    through the nat chains like a NEW packet)
 */
public record WalkRequest(String inIface, Packet packet, boolean reply, boolean established, boolean related) {

    public WalkRequest(String inIface, Packet packet, boolean reply, boolean established) {
        this(inIface, packet, reply, established, false);
    }

    public static WalkRequest arriving(String iface, Packet packet) {
        return new WalkRequest(iface, packet, false, false);
    }

    public static WalkRequest local(Packet packet) {
        return new WalkRequest(null, packet, false, false);
    }

    public boolean local() {
        return inIface == null;
    }

    public WalkRequest asReply() {
        return new WalkRequest(inIface, packet, true, established, related);
    }

    public WalkRequest asEstablished() {
        return new WalkRequest(inIface, packet, reply, true, related);
    }

    public WalkRequest asRelated() {
        return new WalkRequest(inIface, packet, reply, established, true);
    }

    public String describe() {
        String from = local() ? "generated locally" : "arriving on " + inIface;
        String what = (reply ? "reply to " : established ? "later packet of " : "")
                + (related ? "RELATED (helper-expected) " : "");
        return what + packet.describe() + ", " + from;
    }
}
