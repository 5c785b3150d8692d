package io.nflint.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules the user cannot change: chains Docker, kube-proxy, flannel, Calico, podman (CNI, netavark)
 * and firewalld write and rewrite. A structural or rule-logic finding there (an unused chain, a
 * duplicate, a shadowed rule) is about the tool, so it is reported once per input, tool and check,
 * at info, naming the owner. Findings about what the user asked for (published ports, egress,
 * services: NFL2xx–NFL5xx) and rule sets that do not load (NFL001–NFL004) stay as they are.
 */
final class OwnedChains {

    private OwnedChains() {
    }

    private record Owner(String name, Pattern chains) {
    }

    private static final List<Owner> OWNERS = List.of(
            new Owner("Docker", Pattern.compile("DOCKER(-(?!USER$).*)?")), // DOCKER-USER is the user's own
            new Owner("kube-proxy", Pattern.compile("KUBE-.*")),
            new Owner("flannel", Pattern.compile("FLANNEL-.*")),
            new Owner("Calico", Pattern.compile("cali-.*")),
            new Owner("podman (CNI)", Pattern.compile("CNI-.*")),
            new Owner("podman (netavark)", Pattern.compile("NETAVARK.*")),
            new Owner("firewalld", Pattern.compile(".*_direct|.*_ZONES(_SOURCE)?|(IN|FWDI|FWDO|FWD|PRE|POST)_.+")));

    /** Whether findings of this check are about rule structure or logic, which the owner decides. */
    private static boolean collapsible(String id) {
        int n = Integer.parseInt(id.substring(3));
        return n >= 5 && n <= 13 || n >= 101 && n <= 199;
    }

    private static String owner(String chain) {
        for (Owner o : OWNERS) {
            if (o.chains().matcher(chain).matches()) {
                return o.name();
            }
        }
        return null;
    }

    /** The findings with those in owned chains folded into one info per file, owner and check. */
    static List<Finding> collapse(List<Finding> findings) {
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            String owner = f.chain().isEmpty() || !collapsible(f.id()) ? null : owner(f.chain());
            if (owner == null) {
                out.add(f);
            } else {
                groups.computeIfAbsent(f.span().file() + "\0" + owner + "\0" + f.id(), k -> new ArrayList<>()).add(f);
            }
        }
        for (Map.Entry<String, List<Finding>> g : groups.entrySet()) {
            out.add(fold(g.getKey().split("\0")[1], g.getValue()));
        }
        return out;
    }

    private static Finding fold(String owner, List<Finding> same) {
        Finding first = same.get(0);
        Set<String> chains = new LinkedHashSet<>();
        same.forEach(f -> chains.add(f.chain()));
        String where = chains.size() == 1 ? "chain " + chains.iterator().next()
                : chains.size() + " chains (" + String.join(", ", chains.stream().limit(3).toList()) + (chains.size() > 3 ? ", …" : "") + ")";
        String message = owner + " writes " + where + ": " + (same.size() == 1 ? "" : same.size() + " findings like this one there; ")
                + "this is about " + owner + ", not rules you can change — " + first.message();
        List<Related> related = new ArrayList<>(first.related());
        for (Finding f : same.subList(1, Math.min(same.size(), 4))) {
            related.add(new Related(f.span(), "the same in " + f.chain()));
        }
        return new Finding(first.id(), Severity.INFO, message, first.span(), related, first.witness(),
                "nothing to change in the dump: " + owner + " rewrites these chains; report it to " + owner
                        + " if it matters", first.table(), first.chain(), first.ruleText());
    }
}
