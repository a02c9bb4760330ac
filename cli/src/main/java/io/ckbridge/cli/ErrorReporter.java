package io.ckbridge.cli;

import io.ckbridge.sandbox.SandboxException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Prints a failed command's reason in one short paragraph, not a stack trace: the reason is
 * written for the user. Unexpected errors keep their trace (set BRIDGE_DEBUG=1 to see it always).
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean expected = e instanceof SandboxException || e instanceof CliException;
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + message(e));
        if (!expected || System.getenv("BRIDGE_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return CommandLine.ExitCode.SOFTWARE;
    }

    private static String message(Throwable e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
