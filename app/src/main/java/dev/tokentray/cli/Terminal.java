package dev.tokentray.cli;

/** Where interactive questions go: the user's terminal, never stdout (which may be piped). */
public interface Terminal {
    /** True when a person can be asked. */
    boolean available();

    /** Asks with echo off; the caller wipes the answer. Null when no one can be asked. */
    char[] readSecret(String prompt);

    /** Asks with echo on. Null when no one can be asked. */
    String readLine(String prompt);

    /**
     * Runs {@code say}, which prints a line for the person elsewhere (stderr), so that the line
     * does not land on a question still waiting for its answer on this terminal: that question's
     * line is ended first and the question shown again after.
     */
    default void aside(Runnable say) {
        say.run();
    }
}
