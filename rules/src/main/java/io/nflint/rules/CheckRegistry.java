package io.nflint.rules;

import io.nflint.rules.suppress.UnusedSuppressionCheck;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Every check, explicitly listed and sorted by ID; a test keeps the list complete. */
public final class CheckRegistry {

    private static final List<Supplier<Check>> FACTORIES = List.of(
            UnusedSuppressionCheck::new,
            io.nflint.rules.checks.KubeServiceWithoutEndpointsCheck::new,
            io.nflint.rules.checks.KubeNodePortOnAllAddressesCheck::new,
            io.nflint.rules.checks.MarkMasqWithoutMasqueradeCheck::new
    );

    private CheckRegistry() {
    }

    public static List<Check> all() {
        return FACTORIES.stream().map(Supplier::get)
                .sorted(Comparator.comparing(c -> c.info().id()))
                .toList();
    }

    public static Optional<Check> byId(String id) {
        return all().stream().filter(c -> c.info().id().equalsIgnoreCase(id)).findFirst();
    }
}
