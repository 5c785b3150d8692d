package io.nflint.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns everything that escapes a command into one line and an exit status: picocli would otherwise
 * print a stack trace and exit 1, which a CI gate would read as "findings".
 */
final class ErrorHandlers implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("nflint: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println(hint(cmd));
        err.flush();
        return ExitCode.BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        Throwable t = unwrap(ex);
        if (t instanceof NflintException ne) {
            err.println("nflint: " + ne.getMessage());
            if (ne.usageHint()) {
                err.println(hint(cmd));
            }
            err.flush();
            return ne.exitCode();
        }
        if (t instanceof CommandLine.ParameterException pe) {
            return handleParseException(pe, parseResult.originalArgs().toArray(String[]::new));
        }
        err.println("nflint: internal error: " + describe(t));
        if (debugRequested(parseResult)) {
            t.printStackTrace(err);
        } else {
            err.println("nflint: run again with --debug for the stack trace, and please report it");
        }
        err.flush();
        return ExitCode.INTERNAL_ERROR;
    }

    private static String hint(CommandLine cmd) {
        return "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.";
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof java.util.concurrent.ExecutionException
                || cur instanceof java.util.concurrent.CompletionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + msg;
    }

    private static boolean debugRequested(ParseResult result) {
        for (ParseResult pr = result; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
