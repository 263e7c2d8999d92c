package dev.tokentray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.KeyringDaemon;
import dev.tokentray.testing.PcscStack;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.PtySession;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.Totp;
import dev.tokentray.testing.VirtualOathCard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `tokentray yubikey list|code` from bin/tokentray, against the virtual card behind a private pcscd. */
class YubikeyCliIT {
    @RegisterExtension
    static final PcscStack pcsc = new PcscStack();
    @RegisterExtension
    static final KeyringDaemon keyring = new KeyringDaemon();

    private static final byte[] SEED = "aws virtual mfa seed 0123".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    @AfterEach
    void pullTheCard() {
        pcsc.remove();
    }

    private TestHome home() {
        return new TestHome(tmp).setAll(pcsc.env());
    }

    @Test
    void listShowsTheKeyAndItsAccounts() {
        pcsc.insert(new VirtualOathCard("12345678")
                .totp("Amazon Web Services:alice@111111111111", SEED, "HmacSHA1", 6)
                .touchTotp("GitHub:alice", SEED, "HmacSHA1", 6));
        Run run = home().binary("", "yubikey", "list");
        assertEquals(0, run.exit(), run.toString());
        assertEquals("YubiKey 12345678  reader: Virtual PCD 00 00  OATH 5.4.3\n"
                + "  Amazon Web Services:alice@111111111111\n"
                + "  GitHub:alice  (touch)\n", run.out());
    }

    @Test
    void codePrintsTheCurrentCodeAndAsksForTheTouch() throws Exception {
        VirtualOathCard card = new VirtualOathCard("12345678").touchTotp("Amazon Web Services:alice@111111111111",
                SEED, "HmacSHA1", 6);
        pcsc.insert(card);
        Thread finger = card.touchWhenAsked();
        long before = Instant.now().getEpochSecond();
        Run run = home().binary("", "yubikey", "code", "alice@111", "--serial", "12345678");
        long after = Instant.now().getEpochSecond();
        finger.join();
        assertEquals(0, run.exit(), run.toString());
        assertTrue(List.of("Amazon Web Services:alice@111111111111  " + Totp.code(SEED, before) + "\n",
                "Amazon Web Services:alice@111111111111  " + Totp.code(SEED, after) + "\n").contains(run.out()),
                run.toString());
        assertEquals("Touch your YubiKey\n", run.err());
    }

    @Test
    void errorsAreOneLineWithExitOne() {
        Run none = home().binary("", "yubikey", "code", "alice");
        assertEquals(1, none.exit(), none.toString());
        assertEquals("tokentray: no YubiKey: no card in the smart-card readers (Virtual PCD 00 00, Virtual PCD 00 01); "
                + "plug in your YubiKey\n", none.err());

        pcsc.insert(new VirtualOathCard("12345678").totp("GitHub:alice", SEED, "HmacSHA1", 6));
        Run unknown = home().binary("", "yubikey", "code", "bob");
        assertEquals(1, unknown.exit(), unknown.toString());
        assertEquals("tokentray: no OATH account 'bob' on YubiKey 12345678; accounts there: GitHub:alice\n",
                unknown.err());

        Run single = home().binary("", "yubikey", "code", "-s", "github");
        assertEquals(0, single.exit(), single.toString());
        assertTrue(single.out().matches("\\d{6}\n"), single.out());

        Run usage = home().binary("", "yubikey", "code");
        assertEquals(2, usage.exit(), usage.toString());
    }

    @Test
    void noPcscServiceSaysHowToStartIt() throws Exception {
        pcsc.stopDaemon();
        try {
            Run run = home().binary("", "yubikey", "list");
            assertEquals(1, run.exit(), run.toString());
            assertEquals("tokentray: no PC/SC service: pcscd is not running; start it (e.g. `sudo systemctl start "
                    + "pcscd.socket`) or install it (Debian/Ubuntu: pcscd)\n", run.err());
        } finally {
            pcsc.restartDaemon();
        }
    }

    @Test
    void theOathPasswordIsAskedOnceAndRememberedInTheKeyringWhenAsked() throws Exception {
        pcsc.insert(new VirtualOathCard("12345678").totp("GitHub:alice", SEED, "HmacSHA1", 6).password("oath pw"));
        TestHome home = home().setAll(keyring.env()).set("TOKENTRAY_KEYRING", "secret-service");
        try (PtySession pty = new PtySession(Project.root().resolve("bin/tokentray") + " yubikey code github",
                home.envMap())) {
            pty.answer("OATH password for YubiKey 12345678: ", "not it");
            pty.answer("Wrong password. OATH password for YubiKey 12345678: ", "oath pw");
            pty.answer("Remember the OATH password of YubiKey 12345678 in the keyring? [y/N] ", "y");
            assertEquals(0, pty.waitForExit(), pty.screen());
            assertTrue(pty.screen().matches("(?s).*GitHub:alice  \\d{6}.*"), pty.screen());
            assertTrue(!pty.screen().contains("oath pw"), "the password was echoed:\n" + pty.screen());
        }
        assertEquals("oath pw", keyring.secretTool("lookup", "service", "tokentray", "account", "oath-password:12345678")
                .strip());

        // No terminal now: the remembered password opens the applet.
        Run again = home.binary("", "yubikey", "code", "github");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().matches("GitHub:alice  \\d{6}\n"), again.out());
    }
}
