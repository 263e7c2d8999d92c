package dev.tokentray;

/**
 * The one line a failure becomes on stderr, in the CLI, the shim and the tray alike. A
 * {@link TokentrayException} says what to do in its message; anything else is a defect of ours,
 * shown as its type and the place it was thrown, never with its message (a library may have put
 * anything in it, a secret included) and never as a stack trace.
 */
public final class FailureLine {
    private FailureLine() {
    }

    public static String of(Throwable failure) {
        if (failure instanceof TokentrayException) {
            return "tokentray: " + failure.getMessage();
        }
        StackTraceElement[] trace = failure.getStackTrace();
        return "tokentray: internal error (" + failure.getClass().getName()
                + (trace.length > 0 ? " at " + trace[0] : "") + "); please report it";
    }
}
