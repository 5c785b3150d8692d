package io.nflint.cli;

import io.nflint.host.BundleFormatException;
import io.nflint.cli.check.InputFormat;
import io.nflint.host.InputFiles;
import io.nflint.walk.WalkInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a dump or bundle for the walker-based commands, turning every failure into exit status 2. */
public final class WalkInputs {

    private static final String STDIN_NAME = "<stdin>";

    private WalkInputs() {
    }

    /**
     * As {@link #load(Path, Path, boolean)}, but {@code -} reads one dump from standard input (under the
     * same size limit as a dump file).
     */
    public static WalkInput load(String argument, Path cwd, InputStream stdin, boolean ignoreErrors) {
        if (!argument.equals("-")) {
            return load(cwd.resolve(argument), Path.of(argument), ignoreErrors);
        }
        WalkInput in;
        try {
            byte[] bytes = InputFiles.read(stdin, InputFiles.Limit.DUMP);
            refuseNftables(STDIN_NAME, bytes);
            in = WalkInput.ofDump(STDIN_NAME, bytes);
        } catch (IOException e) {
            throw NflintException.unreadable(STDIN_NAME, String.valueOf(e.getMessage()));
        }
        InputErrors.refuse(in.rulesets(), ignoreErrors);
        return in;
    }

    /**
     * {@code actual} is read; {@code shown} is how the user wrote it, for file names in the output. An
     * input with syntax errors is refused (exit 2) unless {@code ignoreErrors}.
     */
    public static WalkInput load(Path actual, Path shown, boolean ignoreErrors) {
        WalkInput in = load(actual, shown);
        InputErrors.refuse(in.rulesets(), ignoreErrors);
        return in;
    }

    /** The walker reads xtables dumps only so far; an nftables ruleset gets one sentence, not parse errors. */
    private static void refuseNftables(String name, byte[] head) {
        InputFormat f = InputFormat.detect(name, head);
        if (f != InputFormat.XTABLES) {
            throw nftablesRefused(name, f);
        }
    }

    /** The exit-2 error for an nftables ruleset given to a command that reads xtables rules only (diff). */
    public static NflintException nftablesRefused(String name, InputFormat format) {
        return new NflintException(name + ": this is an nftables ruleset (`nft " + (format == InputFormat.NFT_JSON ? "-j " : "")
                + "list ruleset`); `nflint check`, `nflint trace` and `nflint matrix` read it, but diff compares iptables,"
                + " ip6tables and ebtables rules only so far", ExitCode.BAD_INPUT, false);
    }

    private static WalkInput load(Path actual, Path shown) {
        String problem = Files.isDirectory(actual) ? null : InputFiles.typeProblem(actual, true);
        if (problem != null) {
            throw NflintException.unreadable(shown.toString(), problem);
        }
        try {
            if (!Files.isDirectory(actual)) {
                try (InputStream head = Files.newInputStream(actual)) {
                    refuseNftables(shown.toString(), head.readNBytes(64 * 1024));
                }
            }
            return WalkInput.load(actual, shown);
        } catch (IOException e) {
            throw NflintException.unreadable(shown.toString(), String.valueOf(e.getMessage()));
        } catch (BundleFormatException e) {
            throw new NflintException(e.getMessage(), ExitCode.BAD_INPUT, false);
        }
    }
}
