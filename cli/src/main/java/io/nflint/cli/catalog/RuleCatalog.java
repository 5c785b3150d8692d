package io.nflint.cli.catalog;

import io.nflint.rules.Check;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every check's metadata by ID, sorted; the reporters' view of the registry. */
public final class RuleCatalog {

    private final Map<String, RuleMeta> byId = new TreeMap<>();

    public RuleCatalog(Collection<RuleMeta> metas) {
        for (RuleMeta m : metas) {
            byId.put(m.id(), m);
        }
    }

    public static RuleCatalog of(List<Check> checks) {
        List<RuleMeta> metas = new ArrayList<>();
        for (Check c : checks) {
            metas.add(RuleMeta.of(c));
        }
        return new RuleCatalog(metas);
    }

    public List<RuleMeta> all() {
        return List.copyOf(byId.values());
    }

    public Optional<RuleMeta> find(String id) {
        return Optional.ofNullable(byId.get(id.toUpperCase(Locale.ROOT)));
    }

    public RuleMeta get(String id) {
        return find(id).orElseGet(() -> RuleMeta.unknown(id));
    }

    /** The catalog plus stand-ins for IDs it lacks, so every finding has a SARIF rule entry. */
    public RuleCatalog including(Collection<String> ids) {
        List<RuleMeta> metas = new ArrayList<>(byId.values());
        for (String id : ids) {
            if (!byId.containsKey(id)) {
                metas.add(RuleMeta.unknown(id));
            }
        }
        return new RuleCatalog(metas);
    }
}
