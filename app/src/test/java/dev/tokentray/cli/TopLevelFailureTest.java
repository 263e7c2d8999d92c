package dev.tokentray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's last net: whatever a command throws, an Error included, the user gets one
 * line without a stack trace and without the throwable's own message (a library may have put
 * anything in it, a secret included), and exit 1.
 */
class TopLevelFailureTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path tmp;

    /** A terminal whose first question fails with {@code failure}. */
    private static Terminal failingWith(Supplier<Throwable> failure) {
        return new Terminal() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public char[] readSecret(String prompt) {
                throw sneaky(failure.get());
            }

            @Override
            public String readLine(String prompt) {
                throw sneaky(failure.get());
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private void assertOneLineWithoutTrace(Supplier<Throwable> failure, String expectedType) {
        TestHome home = new TestHome(tmp).set("TOKENTRAY_VAULT_PASSWORD", "vault-pw");
        Run run = home.cli("", failingWith(failure), "add", "dev", "--access-key-id", "AKIAIOSFODNN7EXAMPLE");
        assertEquals(1, run.exit(), run.toString());
        assertEquals(1, run.err().lines().count(), run.toString());
        assertTrue(run.err().startsWith("tokentray: internal error (" + expectedType), run.err());
        assertFalse(run.err().contains(SECRET), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertEquals("", run.out());
    }

    @Test
    void anOutOfMemoryErrorIsOneLineWithoutItsMessage() {
        assertOneLineWithoutTrace(() -> new OutOfMemoryError(SECRET), "java.lang.OutOfMemoryError");
    }

    @Test
    void aStackOverflowErrorIsOneLine() {
        assertOneLineWithoutTrace(StackOverflowError::new, "java.lang.StackOverflowError");
    }

    @Test
    void anyErrorIsOneLineWithoutItsMessage() {
        assertOneLineWithoutTrace(() -> new LinkageError(SECRET), "java.lang.LinkageError");
    }

    @Test
    void aCheckedExceptionIsOneLineWithoutItsMessage() {
        assertOneLineWithoutTrace(() -> new java.io.IOException(SECRET), "java.io.IOException");
    }
}
