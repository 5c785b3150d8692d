package io.nflint.cli;

import io.nflint.host.BundleFormatException;
import io.nflint.host.InputFiles;
import io.nflint.walk.WalkInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a dump or bundle for the walker-based commands, turning every failure into exit status 2. */
public final class WalkInputs {

    private WalkInputs() {
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
