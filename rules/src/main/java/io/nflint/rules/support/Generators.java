package io.nflint.rules.support;

import io.nflint.ir.Chain;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Firewall generators whose dumps declare or reference chains by design: OpenWrt's firewall (fw3 and
 * the uci firewall before it) declares every zone's chains whether or not a rule needs them,
 * Shorewall its log and zone-pair chains, Freifunk gateway scripts (Gluon-style mesh, icvpn, peering
 * and uplink chains) one chain per direction and zone, and ufw's own {@code *.rules} fragments jump to
 * chains ufw creates before it loads them. A chain such a tool owns that nothing jumps to is its
 * design, not the user's mistake.
 */
public enum Generators {

    OPENWRT("OpenWrt's firewall (fw3)", Pattern.compile("(zone|delegate)_.*"),
            Pattern.compile("(zone|delegate|nat_reflection)_.*|.*_rule|reject|syn_flood|handle_reject|input|output|forward")),
    SHOREWALL("Shorewall", Pattern.compile("shorewall|logdrop|logreject"),
            Pattern.compile("[a-z0-9_~@+-]+|.*2.*|[A-Z][a-z]+")),
    FREIFUNK("a Freifunk gateway generator (Gluon-style mesh, icvpn, peering and uplink zones)",
            Pattern.compile("(mesh|icvpn|peering|bat)-.*"),
            Pattern.compile("(mesh|bat|icvpn|peering|uplink|client|local)-.*|DROP-log|ACCEPT-log|REJECT-log")),
    UFW("ufw", Pattern.compile("ufw6?-.*"), Pattern.compile("ufw6?-.*"));

    private final String label;
    private final Pattern signature;
    private final Pattern owned;

    Generators(String label, Pattern signature, Pattern owned) {
        this.label = label;
        this.signature = signature;
        this.owned = owned;
    }

    public String label() {
        return label;
    }

    /** The generator that wrote the rule set, judged by the chains it declares or names. */
    public static Optional<Generators> of(Ruleset rs) {
        for (Generators g : values()) {
            for (Table t : rs.tables()) {
                for (Chain c : t.chains()) {
                    if (!c.builtin() && g.signature.matcher(c.name()).matches()) {
                        return Optional.of(g);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the generator creates a chain of this name itself. */
    public boolean owns(String chain) {
        return owned.matcher(chain).matches();
    }
}
