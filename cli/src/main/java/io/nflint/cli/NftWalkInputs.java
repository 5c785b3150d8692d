package io.nflint.cli;

import io.nflint.cli.check.InputFormat;
import io.nflint.cli.check.NftWalkRuleset;
import io.nflint.host.BundleFormatException;
import io.nflint.host.HostBundleLoader;
import io.nflint.host.HostModel;
import io.nflint.host.InputFiles;
import io.nflint.host.Assumption;
import io.nflint.host.Sysctls;
import io.nflint.host.infer.TopologyInference;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftTable;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.walk.WalkInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Input for the commands whose walk runs native nftables tables too (trace): an iptables dump, an
 * nft ruleset (text or JSON), or a host bundle with either or both ({@code nft.rules}/{@code nft.json}
 * and {@code nft-hooks.txt} beside {@code iptables.rules}). Every failure is exit status 2.
 */
public final class NftWalkInputs {

    private static final String STDIN_NAME = "<stdin>";

    private NftWalkInputs() {
    }

    public static WalkInput load(String argument, Path cwd, InputStream stdin, boolean ignoreErrors) {
        if (!argument.equals("-")) {
            return load(cwd.resolve(argument), Path.of(argument), ignoreErrors);
        }
        byte[] bytes;
        try {
            bytes = InputFiles.read(stdin, InputFiles.Limit.DUMP);
        } catch (IOException e) {
            throw NflintException.unreadable(STDIN_NAME, String.valueOf(e.getMessage()));
        }
        InputFormat f = InputFormat.detect(STDIN_NAME, bytes);
        if (f == InputFormat.XTABLES) {
            WalkInput in = WalkInput.ofDump(STDIN_NAME, bytes);
            InputErrors.refuse(in.rulesets(), ignoreErrors);
            return in;
        }
        return nftOnly(NftWalkRuleset.file(null, Path.of(STDIN_NAME), bytes, f), ignoreErrors);
    }

    public static WalkInput load(Path actual, Path shown, boolean ignoreErrors) {
        try {
            if (Files.isDirectory(actual)) {
                WalkInput in = WalkInputs.load(actual, shown, ignoreErrors);
                Optional<NftRuleset> nft = NftWalkRuleset.bundle(HostBundleLoader.load(actual), shown);
                if (nft.isEmpty()) {
                    return in;
                }
                InputErrors.refuse(nft.get(), ignoreErrors);
                return in.withNft(nft.get());
            }
            String problem = InputFiles.typeProblem(actual, true);
            if (problem != null) {
                throw NflintException.unreadable(shown.toString(), problem);
            }
            byte[] head;
            try (InputStream s = Files.newInputStream(actual)) {
                head = s.readNBytes(64 * 1024);
            }
            InputFormat f = InputFormat.detect(shown.toString(), head);
            if (f == InputFormat.XTABLES) {
                return WalkInputs.load(actual, shown, ignoreErrors);
            }
            byte[] bytes = InputFiles.read(actual, InputFiles.Limit.DUMP, true);
            return nftOnly(NftWalkRuleset.file(actual, shown, bytes, f), ignoreErrors);
        } catch (InputFiles.Refused e) {
            throw NflintException.unreadable(shown.toString(), String.valueOf(e.getMessage()));
        } catch (IOException e) {
            throw NflintException.unreadable(shown.toString(), String.valueOf(e.getMessage()));
        } catch (BundleFormatException e) {
            throw new NflintException(e.getMessage(), ExitCode.BAD_INPUT, false);
        }
    }

    /**
     * An nft ruleset alone: no host facts, so routing and addresses are what the walk assumes (a bundle
     * has them): the uplink a bare iptables dump gets, so a packet to its address reaches input and
     * others are routed. A ruleset with a forward base chain is taken to be a router's: forwarding on,
     * said so.
     */
    private static WalkInput nftOnly(NftRuleset rs, boolean ignoreErrors) {
        InputErrors.refuse(rs, ignoreErrors);
        HostModel host = TopologyInference.withAssumedUplink(HostModel.empty());
        for (NftTable t : rs.tables()) {
            for (NftChain c : t.chains()) {
                if (c.base().isPresent() && c.base().get().hook().equals("forward")) {
                    host = host.toBuilder().sysctls(Sysctls.of(java.util.Map.of(Sysctls.IP_FORWARD, "1",
                            Sysctls.IPV6_ALL_FORWARDING, "1"))).addAssumption(new Assumption("",
                            "assumed forwarding on (net.ipv4.ip_forward = 1, IPv6 too): the ruleset filters forwarded"
                                    + " packets (" + c.span().file() + ":" + c.span().line() + "); give a host bundle for the"
                                    + " host's own settings")).build();
                    return new WalkInput(List.of(), host, rs);
                }
            }
        }
        return new WalkInput(List.of(), host, rs);
    }
}
