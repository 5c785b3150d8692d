package io.nflint.cli;

import io.nflint.host.BundleFormatException;
import io.nflint.walk.WalkInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a dump or bundle for the walker-based commands, turning every failure into exit status 2. */
public final class WalkInputs {

    private WalkInputs() {
    }

    /** As {@link #load(Path, Path)}, but {@code -} reads one dump from standard input. */
    public static WalkInput load(String argument, Path cwd, java.io.InputStream stdin) {
        if (argument.equals("-")) {
            try {
                return WalkInput.ofDump("<stdin>", stdin.readAllBytes());
            } catch (IOException e) {
                throw NflintException.unreadable("<stdin>", String.valueOf(e.getMessage()));
            }
        }
        return load(cwd.resolve(argument), Path.of(argument));
    }

    /** {@code actual} is read; {@code shown} is how the user wrote it, for file names in the output. */
    public static WalkInput load(Path actual, Path shown) {
        if (!Files.exists(actual)) {
            throw NflintException.unreadable(shown.toString(), "no such file or directory");
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
