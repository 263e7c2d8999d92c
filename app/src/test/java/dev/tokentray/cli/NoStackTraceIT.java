package dev.tokentray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that once ended in a Java stack trace, through the real bin/tokentray (its small thread
 * stacks are where a deep recursion overflows first): each is one line on stderr and exit 1 or 2.
 */
class NoStackTraceIT {
    private static final int DEPTH = 2_000;

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(tmp).set("TOKENTRAY_VAULT_PASSWORD", "vault-pw");
    }

    private static void assertOneLine(int exit, Run run, String... fragments) {
        assertEquals(exit, run.exit(), run.toString());
        assertEquals(1, run.err().lines().count(), run.toString());
        assertFalse(run.err().contains("\tat "), run.toString());
        assertFalse(run.err().contains("Exception in thread"), run.toString());
        for (String fragment : fragments) {
            assertTrue(run.err().contains(fragment), "'" + fragment + "' in: " + run.err());
        }
    }

    @Test
    void aSourceProfileChainTwoThousandDeepIsOneLineNamingTheProfile() {
        StringBuilder config = new StringBuilder();
        for (int i = 0; i < DEPTH; i++) {
            config.append("[profile p").append(i).append("]\nrole_arn = arn:aws:iam::123456789012:role/r").append(i)
                    .append("\nsource_profile = p").append(i + 1).append('\n');
        }
        config.append("[profile p").append(DEPTH).append("]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n")
                .append("aws_secret_access_key = x\n");
        home.config(config.toString());
        assertOneLine(1, home.binary("", "unlock", "p0", "--mfa-code", "123456"), "'p0'", "source_profile");
        assertOneLine(1, home.binary("", "credential-process", "p0"), "'p0'", "source_profile");
        Run list = home.binary("", "list");
        assertEquals(0, list.exit(), list.toString());
        assertFalse(list.err().contains("\tat "), list.toString());
    }

    @Test
    void anIncludeProfileChainTwoThousandDeepIsOneLineNamingTheProfile() {
        StringBuilder config = new StringBuilder();
        for (int i = 0; i < DEPTH; i++) {
            config.append("[profile p").append(i).append("]\ninclude_profile = p").append(i + 1).append('\n');
        }
        config.append("[profile p").append(DEPTH).append("]\nregion = eu-west-1\n");
        home.config(config.toString());
        assertOneLine(1, home.binary("", "unlock", "p0", "--mfa-code", "123456"), "'p0'", "include_profile");
    }

    @Test
    void aDurationPastEveryNumberTypeIsBadUsageInOneLine() {
        home.config("[profile dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
        assertOneLine(2, home.binary("", "unlock", "dev", "--duration", "99999999999999999999h"), "--duration");
        assertOneLine(2, home.binary("", "unlock", "dev", "--duration", "9999999999999999h"), "--duration");
        assertOneLine(2, home.binary("", "unlock", "dev", "--duration", "5m"), "--duration", "15m to 36h");
    }
}
