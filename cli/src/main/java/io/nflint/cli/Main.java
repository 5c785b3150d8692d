package io.nflint.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** {@code nflint}: the only place that calls {@link System#exit}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, CliServices.system()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, CliServices services) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8));
        int code;
        try {
            code = run(args, o, e, services);
        } finally {
            o.flush();
            e.flush();
        }
        return writeFailed(o, out, e, code);
    }

    /**
     * PrintWriter and PrintStream swallow write errors: without this check a report cut short by a
     * full disk ({@code > /dev/full}) would end with the exit status of a complete one.
     */
    static int writeFailed(PrintWriter o, PrintStream out, PrintWriter e, int code) {
        if (o.checkError() || out.checkError()) {
            e.println("nflint: could not write the output (disk full, or the reader of the pipe went away): "
                    + "the report is incomplete");
            e.flush();
            return Math.max(code, ExitCode.BAD_INPUT);
        }
        return code;
    }

    /** Runs one invocation and returns its exit status instead of exiting. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, CliServices services) {
        RunOptions options;
        try {
            options = RunOptions.from(services.properties());
        } catch (IllegalArgumentException e) {
            err.println("nflint: " + e.getMessage());
            err.flush();
            return ExitCode.BAD_INPUT;
        }
        try {
            return commandLine(services, options, out, err).execute(args);
        } catch (Error e) {
            // picocli passes errors through; out of stack or heap still gets one sentence and exit 3
            out.flush();
            err.println("nflint: " + FatalErrors.sentence(e, "'nflint " + String.join(" ", args) + "'"));
            err.flush();
            return ExitCode.INTERNAL_ERROR;
        }
    }

    static CommandLine commandLine(CliServices services, RunOptions options, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new NflintCommand(services, options));
        for (Class<?> sub : Subcommands.all()) {
            cl.addSubcommand(sub);
        }
        ErrorHandlers handlers = new ErrorHandlers();
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(handlers);
        cl.setParameterExceptionHandler(handlers);
        return cl;
    }
}
