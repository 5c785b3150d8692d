package io.nflint.walk;

import io.nflint.host.BundleFormatException;
import io.nflint.host.HostBundleLoader;
import io.nflint.host.HostModel;
import io.nflint.host.InputFiles;
import io.nflint.host.LoadedBundle;
import io.nflint.host.infer.TopologyInference;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a walk needs, read from a dump file or a host bundle directory: the rule sets and the host
 * model (the bundle's, completed by {@link TopologyInference} when it has no interfaces), and the
 * host's nftables ruleset when there is one ({@code nft}, null otherwise).
 */
public record WalkInput(List<Ruleset> rulesets, HostModel host, io.nflint.ir.nft.NftRuleset nft) {

    public WalkInput {
        rulesets = List.copyOf(rulesets);
    }

    public WalkInput(List<Ruleset> rulesets, HostModel host) {
        this(rulesets, host, null);
    }

    /** The same input with the host's nftables ruleset walked beside its xtables rules. */
    public WalkInput withNft(io.nflint.ir.nft.NftRuleset ruleset) {
        return new WalkInput(rulesets, host, ruleset);
    }

    public static WalkInput load(Path input) throws IOException, BundleFormatException {
        return load(input, input);
    }

    /** Loads {@code input}; findings and traces name the files as {@code shown} (as the user wrote it). */
    public static WalkInput load(Path input, Path shown) throws IOException, BundleFormatException {
        List<Ruleset> rulesets = new ArrayList<>();
        HostModel host;
        if (Files.isDirectory(input)) {
            LoadedBundle bundle = HostBundleLoader.load(input);
            parse(bundle.iptablesRules(), shown, Family.IPV4, rulesets);
            parse(bundle.ip6tablesRules(), shown, Family.IPV6, rulesets);
            parse(bundle.ebtablesRules(), shown, Family.BRIDGE, rulesets);
            host = bundle.host();
        } else {
            rulesets.add(DumpParser.parse(shown.normalize().toString(),
                    InputFiles.read(input, InputFiles.Limit.DUMP, true), ParseOptions.DETECT));
            host = HostModel.empty();
        }
        for (Ruleset rs : rulesets) {
            if (rs.family() == Family.IPV4) {
                host = TopologyInference.infer(rs, host);
            }
        }
        return new WalkInput(rulesets, host);
    }

    /** A single dump already read (standard input), named {@code shown} in the output. */
    public static WalkInput ofDump(String shown, byte[] bytes) {
        Ruleset rs = DumpParser.parse(shown, bytes, ParseOptions.DETECT);
        HostModel host = HostModel.empty();
        if (rs.family() == Family.IPV4) {
            host = TopologyInference.infer(rs, host);
        }
        return new WalkInput(List.of(rs), host);
    }

    private static void parse(Optional<Path> file, Path shownDir, Family family, List<Ruleset> out) throws IOException {
        if (file.isPresent()) {
            byte[] bytes;
            try {
                bytes = InputFiles.read(file.get(), InputFiles.Limit.DUMP, false);
            } catch (InputFiles.Refused e) {
                throw new IOException(shownDir.resolve(file.get().getFileName()).normalize() + ": " + e.getMessage(), e);
            }
            if (bytes.length > 0) {
                String name = shownDir.resolve(file.get().getFileName()).normalize().toString();
                out.add(DumpParser.parse(name, bytes, ParseOptions.DETECT.withFamily(family)));
            }
        }
    }

    /**
     * For a trace of one frame arriving on {@code inIface}: an input whose only rules are ebtables'
     * gets a bridge around the frame ({@link io.nflint.host.infer.BridgeFrameInference}), so the
     * ebtables rules decide; any other input is returned as it is.
     */
    public WalkInput forFrame(String inIface, Packet packet) {
        boolean onlyBridge = !rulesets.isEmpty() && rulesets.stream().allMatch(r -> r.family() == Family.BRIDGE);
        if (!onlyBridge || inIface == null) {
            return this;
        }
        return new WalkInput(rulesets, io.nflint.host.infer.BridgeFrameInference.infer(host, inIface, packet.src(), packet.dst()),
                nft);
    }

    public Walker walker() {
        return new Walker(new HostModelView(host), rulesets, nft);
    }
}
