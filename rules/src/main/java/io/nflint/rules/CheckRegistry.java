package io.nflint.rules;

import io.nflint.rules.checks.DuplicateChainCheck;
import io.nflint.rules.checks.DuplicateRuleCheck;
import io.nflint.rules.checks.EgressDroppedCheck;
import io.nflint.rules.checks.EgressNotMasqueradedCheck;
import io.nflint.rules.checks.ForwardPolicyStrandsCheck;
import io.nflint.rules.checks.IpForwardOffCheck;
import io.nflint.rules.checks.Ipv6UnfilteredCheck;
import io.nflint.rules.checks.IsolationMissingCheck;
import io.nflint.rules.checks.JumpCycleCheck;
import io.nflint.rules.checks.PublishedPortDroppedCheck;
import io.nflint.rules.checks.PublishedPortStaleCheck;
import io.nflint.rules.checks.PublishedPortShadowedCheck;
import io.nflint.rules.checks.PublishedPortReplyDroppedCheck;
import io.nflint.rules.checks.PublishedPortUnreachableFromHostCheck;
import io.nflint.rules.checks.PublishedPortHairpinBrokenCheck;
import io.nflint.rules.checks.LocalhostPublishExposedCheck;
import io.nflint.rules.checks.PublishedPortBypassesInputCheck;
import io.nflint.rules.checks.HostPortRuleNeverMatchesCheck;
import io.nflint.rules.checks.PublishedPortIntentMismatchCheck;
import io.nflint.rules.checks.KubeNodePortOnAllAddressesCheck;
import io.nflint.rules.checks.KubeServiceWithoutEndpointsCheck;
import io.nflint.rules.checks.MalformedValueCheck;
import io.nflint.rules.checks.MarkMasqWithoutMasqueradeCheck;
import io.nflint.rules.checks.MasqueradeDisabledCheck;
import io.nflint.rules.checks.MissingCommitCheck;
import io.nflint.rules.checks.RestoreRejectsCheck;
import io.nflint.rules.checks.SyntaxErrorCheck;
import io.nflint.rules.checks.TargetWrongPlaceCheck;
import io.nflint.rules.checks.UndefinedChainCheck;
import io.nflint.rules.checks.UnknownModuleCheck;
import io.nflint.rules.checks.UnpublishedPortReachableCheck;
import io.nflint.rules.checks.UnreachableRuleCheck;
import io.nflint.rules.checks.UnusedChainCheck;
import io.nflint.rules.checks.UserChainPolicyCheck;
import io.nflint.rules.suppress.UnusedSuppressionCheck;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Every check, explicitly listed and sorted by ID; a test keeps the list complete. */
public final class CheckRegistry {

    private static final List<Supplier<Check>> FACTORIES = List.of(
            SyntaxErrorCheck::new,
            RestoreRejectsCheck::new,
            MalformedValueCheck::new,
            MissingCommitCheck::new,
            DuplicateChainCheck::new,
            UserChainPolicyCheck::new,
            UndefinedChainCheck::new,
            UnusedChainCheck::new,
            JumpCycleCheck::new,
            TargetWrongPlaceCheck::new,
            DuplicateRuleCheck::new,
            UnreachableRuleCheck::new,
            UnknownModuleCheck::new,
            io.nflint.rules.checks.UndefinedSetCheck::new,
            UnusedSuppressionCheck::new,
            io.nflint.rules.checks.ShadowedRuleCheck::new,
            io.nflint.rules.checks.RedundantRuleCheck::new,
            io.nflint.rules.checks.UnreachableChainCheck::new,
            EgressNotMasqueradedCheck::new,
            EgressDroppedCheck::new,
            IpForwardOffCheck::new,
            MasqueradeDisabledCheck::new,
            IsolationMissingCheck::new,
            UnpublishedPortReachableCheck::new,
            Ipv6UnfilteredCheck::new,
            ForwardPolicyStrandsCheck::new,
            io.nflint.rules.checks.NeighbourDiscoveryDroppedCheck::new,
            PublishedPortDroppedCheck::new,
            PublishedPortStaleCheck::new,
            PublishedPortShadowedCheck::new,
            PublishedPortReplyDroppedCheck::new,
            PublishedPortUnreachableFromHostCheck::new,
            PublishedPortHairpinBrokenCheck::new,
            LocalhostPublishExposedCheck::new,
            PublishedPortBypassesInputCheck::new,
            HostPortRuleNeverMatchesCheck::new,
            PublishedPortIntentMismatchCheck::new,
            KubeServiceWithoutEndpointsCheck::new,
            KubeNodePortOnAllAddressesCheck::new,
            MarkMasqWithoutMasqueradeCheck::new,
            io.nflint.rules.checks.nft.NftSyntaxErrorCheck::new,
            io.nflint.rules.checks.nft.NftUndefinedChainCheck::new,
            io.nflint.rules.checks.nft.NftChainLoopCheck::new,
            io.nflint.rules.checks.nft.NftUndefinedSetCheck::new,
            io.nflint.rules.checks.nft.NftUnusedCheck::new,
            io.nflint.rules.checks.nft.NftBaseChainRejectedCheck::new,
            io.nflint.rules.checks.nft.NftRuleAfterVerdictCheck::new,
            io.nflint.rules.checks.nft.NftDuplicateChainCheck::new,
            io.nflint.rules.checks.nft.NftFlushRulesetCheck::new,
            io.nflint.rules.checks.nft.NftBadValueCheck::new,
            io.nflint.rules.checks.nft.NftAcceptOverruledCheck::new,
            io.nflint.rules.checks.nft.NftHooksMismatchCheck::new);

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
