package io.nflint.host;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;

/** A network's subnet and gateway; the gateway is null when neither the engine nor the host says. */
public record NetworkSubnet(IpNet subnet, Ip gateway) {

    public boolean v6() {
        return subnet.v6();
    }
}
