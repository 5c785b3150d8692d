package io.nflint.cli.testing;

import io.nflint.cli.CliServices;
import io.nflint.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@link Main} in-process with the test parser and checks, capturing both streams. */
public record CliRun(int exitCode, String out, String err) {

    public static CliServices services(Path cwd) {
        return new CliServices(new MiniParser(), TestChecks::all, new ByteArrayInputStream(new byte[0]), Map.of(),
                cwd, false, false);
    }

    public static CliRun run(Path cwd, String... args) {
        return run(services(cwd), args);
    }

    public static CliRun runWithStdin(Path cwd, String stdin, String... args) {
        return run(services(cwd).withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
    }

    public static CliRun run(CliServices services, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), services);
        return new CliRun(code, out.toString(), err.toString());
    }
}
