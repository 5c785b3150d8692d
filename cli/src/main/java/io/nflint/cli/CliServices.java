package io.nflint.cli;

import io.nflint.parse.DumpParser;
import io.nflint.rules.Check;
import io.nflint.rules.CheckRegistry;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the commands take from their surroundings, so tests can run {@link Main#run} with a fake
 * parser, fixed checks, a chosen working directory and no terminal. {@code properties} are the
 * {@code -D} system properties the run's options are read from ({@link RunOptions}), once, at its start.
 */
public record CliServices(RulesetParser parser, Supplier<List<Check>> checks, InputStream stdin,
                          Map<String, String> env, Path cwd, boolean stdoutTerminal, boolean stderrTerminal,
                          Function<String, String> properties) {

    /** The same with this process's system properties. */
    public CliServices(RulesetParser parser, Supplier<List<Check>> checks, InputStream stdin, Map<String, String> env,
                       Path cwd, boolean stdoutTerminal, boolean stderrTerminal) {
        this(parser, checks, stdin, env, cwd, stdoutTerminal, stderrTerminal, System::getProperty);
    }

    public static CliServices system() {
        // System.console() is non-null only when stdin and stdout are both a terminal; Java 17 has no
        // per-stream test, so on Linux each stream's /proc entry says where it goes: a progress line
        // must never land in a file or pipe that stderr was redirected to.
        boolean tty = System.console() != null;
        return new CliServices(DumpParser::parse, CheckRegistry::all, System.in, System.getenv(),
                Path.of("").toAbsolutePath(), terminal(1, tty), terminal(2, tty));
    }

    /** Whether file descriptor {@code fd} is a terminal; {@code fallback} where /proc cannot tell. */
    static boolean terminal(int fd, boolean fallback) {
        try {
            String target = java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return fallback && (target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console"));
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return fallback;
        }
    }

    public CliServices withParser(RulesetParser p) {
        return new CliServices(p, checks, stdin, env, cwd, stdoutTerminal, stderrTerminal, properties);
    }

    public CliServices withChecks(Supplier<List<Check>> c) {
        return new CliServices(parser, c, stdin, env, cwd, stdoutTerminal, stderrTerminal, properties);
    }

    public CliServices withStdin(InputStream in) {
        return new CliServices(parser, checks, in, env, cwd, stdoutTerminal, stderrTerminal, properties);
    }

    public CliServices withTerminal(boolean stdout, boolean stderr) {
        return new CliServices(parser, checks, stdin, env, cwd, stdout, stderr, properties);
    }

    public CliServices withEnv(Map<String, String> e) {
        return new CliServices(parser, checks, stdin, e, cwd, stdoutTerminal, stderrTerminal, properties);
    }

    /** The same reading {@code -D} properties from {@code p} instead of the system's. */
    public CliServices withProperties(Function<String, String> p) {
        return new CliServices(parser, checks, stdin, env, cwd, stdoutTerminal, stderrTerminal, p);
    }
}
