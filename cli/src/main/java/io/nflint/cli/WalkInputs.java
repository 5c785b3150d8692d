package io.nflint.cli;

import io.nflint.host.BundleFormatException;
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
            in = WalkInput.ofDump(STDIN_NAME, InputFiles.read(stdin, InputFiles.Limit.DUMP));
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

    private static WalkInput load(Path actual, Path shown) {
        String problem = Files.isDirectory(actual) ? null : InputFiles.typeProblem(actual, true);
        if (problem != null) {
            throw NflintException.unreadable(shown.toString(), problem);
        }
        try {
            return WalkInput.load(actual, shown);
        } catch (IOException e) {
            throw NflintException.unreadable(shown.toString(), String.valueOf(e.getMessage()));
        } catch (BundleFormatException e) {
            throw new NflintException(e.getMessage(), ExitCode.BAD_INPUT, false);
        }
    }
}
