package dev.tokentray.fs;

/** The one line a user reads when a file could not be read or written. */
public final class FileErrors {
    private FileErrors() {
    }

    /**
     * {@code failed} (e.g. "cannot write ~/.aws/config") and why: a full disk is named as such,
     * since its fix is free space, not permissions; anything else gives the exception's kind and
     * {@code nextStep}, e.g. "check its permissions".
     */
    public static String line(String failed, Exception e, String nextStep) {
        if (isNoSpaceLeft(e)) {
            return failed + ": no space left on device; free some space on its disk and try again";
        }
        return failed + " (" + e.getClass().getSimpleName() + "); " + nextStep;
    }

    /** Whether {@code e} or a cause of it is a full disk. */
    public static boolean isNoSpaceLeft(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // The English text is what a C locale reports where no NoSpaceLeftException was made.
            if (t instanceof NoSpaceLeftException
                    || t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }
}
