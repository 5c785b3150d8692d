package io.nflint.cli.config;

import io.nflint.cli.ExitCode;
import io.nflint.cli.NflintException;
import java.nio.file.Path;

/** A config file nflint will not guess about: reported as {@code FILE:LINE:COLUMN: problem}, exit 2. */
public final class ConfigException extends NflintException {

    private static final long serialVersionUID = 1L;

    public ConfigException(Path file, int line, int column, String problem) {
        super(file + ":" + line + ":" + column + ": " + problem, ExitCode.BAD_INPUT, false);
    }
}
