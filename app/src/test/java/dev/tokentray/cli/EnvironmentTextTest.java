package dev.tokentray.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTextTest {
    @TempDir
    Path tmp;

    /** The raw entry is found as the JVM finds it: the first of repeated names, never a longer name. */
    @Test
    void readsTheFirstEntryOfExactlyThatName() throws IOException {
        Path environ = tmp.resolve("environ");
        byte[] aou = "äöü".getBytes(StandardCharsets.UTF_8);
        Files.write(environ, concat("PATH=/bin\0TOKENTRAY_VAULT_PASSWORD_OLD=old\0TOKENTRAY_VAULT_PASSWORD=".getBytes(
                StandardCharsets.US_ASCII), aou, "=x\0TOKENTRAY_VAULT_PASSWORD=second\0".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(concat(aou, "=x".getBytes(StandardCharsets.US_ASCII)),
                EnvironmentText.rawValue(environ, "TOKENTRAY_VAULT_PASSWORD"));
        assertNull(EnvironmentText.rawValue(environ, "TOKENTRAY_VAULT"));
        assertNull(EnvironmentText.rawValue(tmp.resolve("absent"), "PATH"));
    }

    /** A value that is not this process's own (a map a caller built) is text already and is kept. */
    @Test
    void aValueNotFromThisProcessIsKept() {
        assertArrayEquals("ßßß".toCharArray(), EnvironmentText.utf8("TOKENTRAY_TEST_NOT_SET", "ßßß"));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
