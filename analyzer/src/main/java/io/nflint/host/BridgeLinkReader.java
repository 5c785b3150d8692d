package io.nflint.host;

import java.util.ArrayList;
import java.util.List;

/** Reads {@code bridge -d -j link show}: one entry per bridge port. */
final class BridgeLinkReader {

    private BridgeLinkReader() {
    }

    static List<BridgePort> read(LocatedJson doc) throws BundleFormatException {
        List<BridgePort> out = new ArrayList<>();
        for (JsonCursor port : doc.root().array()) {
            port.requireObject();
            out.add(new BridgePort(port.get("ifname").text(), port.get("master").optText(),
                    port.get("hairpin").optBool(), port.get("state").optText(),
                    port.get("isolated").optBool(false)));
        }
        return out;
    }
}
