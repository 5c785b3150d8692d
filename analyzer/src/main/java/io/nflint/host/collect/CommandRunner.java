package io.nflint.host.collect;

import java.io.IOException;
import java.util.List;

/** Runs one command; injectable so that tests can fake the host. */
public interface CommandRunner {

    /**
     * Runs {@code argv} and waits for it.
     *
     * @throws IOException when the program cannot be started at all (typically: not installed)
     */
    CommandResult run(List<String> argv) throws IOException;
}
