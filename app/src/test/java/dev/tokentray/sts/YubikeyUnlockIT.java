package dev.tokentray.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.PcscStack;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.PtySession;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.Totp;
import dev.tokentray.testing.VirtualOathCard;
import dev.tokentray.testing.VirtualOathCard.Event;
import dev.tokentray.testing.VirtualOathCard.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: `tokentray unlock` on a profile with yubikey_serial reads the code from the virtual
 * OATH card (javax.smartcardio → libpcsclite → a private pcscd → vpcd), and STS, behind the proxy
 * that checks each code against the same seed, accepts it.
 */
class YubikeyUnlockIT {
    @RegisterExtension
    static MfaWorld world = new MfaWorld("admin");
    @RegisterExtension
    static PcscStack pcsc = new PcscStack();
    static final String adminArn = MfaWorld.roleArn("admin");

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeEach
    void setUp() {
        home = world.home(tmp).setAll(pcsc.env());
        // The account name AWS's own setup gives a virtual device on a YubiKey: matched to the
        // profile's mfa_serial without yubikey_oath_account.
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\nyubikey_serial = 12345678\n"
                + "[profile admin]\nrole_arn = " + adminArn + "\nsource_profile = alice\n");
        world.addKeys(home, "alice");
    }

    @AfterEach
    void pullTheCard() {
        pcsc.remove();
    }

    private static String account() {
        return "Amazon Web Services:alice@" + world.serial.split(":")[4];
    }

    @Test
    void unlockReadsTheCodeFromTheYubikeyAndStsAcceptsIt() {
        pcsc.insert(new VirtualOathCard("12345678").totp(account(), world.seed, "HmacSHA1", 6)
                .totp("GitHub:alice", new byte[20], "HmacSHA1", 6));
        long before = Instant.now().getEpochSecond();
        Run unlock = home.binary("", "unlock", "admin");
        long after = Instant.now().getEpochSecond();
        assertEquals(0, unlock.exit(), unlock.toString());
        assertTrue(unlock.out().startsWith("Unlocked admin: session ASIA"), unlock.toString());
        assertEquals(1, world.proxy.calls("GetSessionToken"));
        assertEquals(1, world.proxy.calls("AssumeRole"));
        assertEquals(1, world.proxy.acceptedCodes().size());
        assertTrue(List.of(Totp.code(world.seed, before), Totp.code(world.seed, after)).contains(world.proxy.acceptedCodes().get(0)),
                "the card's code was sent: " + world.proxy.acceptedCodes());
    }

    /**
     * With a terminal to ask on, the key still runs alone for its head start: one that needs no
     * touch answers within it, so the MFA prompt is never shown.
     */
    @Test
    void aKeyThatNeedsNoTouchAnswersBeforeTheCodeIsAskedFor() throws Exception {
        VirtualOathCard card = new VirtualOathCard("12345678").totp(account(), world.seed, "HmacSHA1", 6);
        pcsc.insert(card);
        long before = Instant.now().getEpochSecond();
        try (PtySession pty = new PtySession(Project.root().resolve("bin/tokentray") + " unlock admin", home.envMap())) {
            assertEquals(0, pty.waitForExit(), pty.screen());
            assertTrue(pty.screen().contains("Unlocked admin: session ASIA"), pty.screen());
            assertFalse(pty.screen().contains("MFA code for"), "the code was asked for although the key answered "
                    + "it:\n" + pty.screen() + "\nthe key:\n" + card.eventLog());
        }
        long after = Instant.now().getEpochSecond();
        List<Event> calculates = card.commands(0xA2);
        assertEquals(1, calculates.size(), card.eventLog());
        assertEquals(0x9000, card.answerTo(calculates.get(0)).sw(), card.eventLog());
        assertTrue(List.of(Totp.code(world.seed, before), Totp.code(world.seed, after))
                .contains(world.proxy.acceptedCodes().get(0)), "the key's code was sent: " + world.proxy.acceptedCodes());
    }

    @Test
    void aTouchIsAskedForOnTheTerminalWhileTheKeyWaits() throws Exception {
        VirtualOathCard card = new VirtualOathCard("12345678").touchTotp(account(), world.seed, "HmacSHA1", 6);
        pcsc.insert(card);
        Thread finger = card.touchWhenAsked();
        Run unlock = home.binary("", "unlock", "admin");
        finger.join();
        assertEquals(0, unlock.exit(), unlock.toString());
        assertTrue(unlock.err().contains("Touch your YubiKey\n"), unlock.err());
        assertEquals(1, world.proxy.acceptedCodes().size());
    }

    /**
     * The typed code wins while the key still waits for a touch. The key cannot be told to stop
     * (a CALCULATE waiting for a touch holds the card until it is touched or times out), so
     * "left alone" means: unlock ends without waiting for the key, the key is asked for nothing
     * more, and once its CALCULATE ends (the late touch here) no program holds the card, so pcscd
     * powers it down.
     */
    @Test
    void aCodeTypedWhileTheKeyWaitsForATouchWinsAndTheKeyIsLeftAlone() throws Exception {
        Duration touchTimeout = Duration.ofSeconds(25);
        VirtualOathCard card = new VirtualOathCard("12345678").touchTotp(account(), world.seed, "HmacSHA1", 6)
                .touchTimeout(touchTimeout);
        pcsc.insert(card);
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        String typed;
        Instant exited;
        try (PtySession pty = new PtySession(Project.root().resolve("bin/tokentray") + " unlock admin", home.envMap())) {
            pty.answer("Vault password: ", "vault-pw");
            pty.await("Touch your YubiKey");
            typed = world.proxy.currentCode(world.serial);
            pty.answer("MFA code for " + world.serial + ": ", typed);
            assertEquals(0, pty.waitForExit(), pty.screen());
            exited = Instant.now();
            assertTrue(pty.screen().contains("Unlocked admin: session ASIA"), pty.screen());
        }
        assertEquals(List.of(typed), world.proxy.acceptedCodes());
        assertEquals(1, world.proxy.calls("GetSessionToken"));

        List<Event> calculates = card.commands(0xA2);
        assertEquals(1, calculates.size(), "the key was asked for the code once:\n" + card.eventLog());
        Event calculate = calculates.get(0);
        assertNull(card.answerTo(calculate), "unlock waited for the key's answer, which came at its touch timeout ("
                + touchTimeout + "):\n" + card.eventLog());
        assertTrue(Duration.between(calculate.at(), exited).compareTo(touchTimeout) < 0, "unlock ended "
                + Duration.between(calculate.at(), exited) + " after asking the key, not within its touch timeout");

        card.touch(); // the finger comes late
        Event off = card.awaitEvent(e -> e.kind() == Kind.POWER_OFF && e.at().isAfter(exited), Duration.ofSeconds(10));
        assertEquals(List.of(calculate), card.commandsSince(calculate.at()),
                "the key was asked for more after the typed code won:\n" + card.eventLog());
        assertNotNull(off, "pcscd did not power the key down within 10 s of its last answer, so something still "
                + "holds it:\n" + card.eventLog());
    }

    /**
     * The key asks for a touch, nobody gives it, and it ends the wait with 6982: the terminal says
     * so on a line of its own (not glued to the open MFA prompt) and asks for the code again, which
     * is then typed.
     */
    @Test
    void aKeyNotTouchedInTimeSaysSoOnItsOwnLineAndTheCodeCanBeTyped() throws Exception {
        VirtualOathCard card = new VirtualOathCard("12345678").touchTotp(account(), world.seed, "HmacSHA1", 6)
                .touchTimeout(Duration.ofSeconds(3)).touchTimeoutStatus(0x6982);
        pcsc.insert(card);
        String prompt = "MFA code for " + world.serial + ": ";
        String timedOut = "the YubiKey was not touched in time for '" + account() + "'; try again and touch it when "
                + "it blinks";
        String typed;
        String screen;
        try (PtySession pty = new PtySession(Project.root().resolve("bin/tokentray") + " unlock admin", home.envMap())) {
            pty.await(timedOut);
            typed = world.proxy.currentCode(world.serial);
            pty.answer(timedOut + "\r\n" + prompt, typed);
            assertEquals(0, pty.waitForExit(), pty.screen());
            screen = pty.screen();
        }
        assertEquals(List.of("Touch your YubiKey", prompt, timedOut, prompt + typed),
                screen.lines().takeWhile(l -> !l.startsWith("Unlocked")).toList(), screen);
        assertTrue(screen.contains("Unlocked admin: session ASIA"), screen);
        assertEquals(List.of(typed), world.proxy.acceptedCodes());
        assertEquals(0x6982, card.answerTo(card.commands(0xA2).get(0)).sw(), card.eventLog());
    }

    /** AWS takes 6-digit codes only: an account made with 8 is named, and the key's code never reaches STS. */
    @Test
    void anEightDigitOathAccountIsRefusedByNameBeforeSts() {
        pcsc.insert(new VirtualOathCard("12345678").totp(account(), world.seed, "HmacSHA1", 8));
        Run unlock = home.binary("", "unlock", "admin");
        assertEquals(1, unlock.exit(), unlock.toString());
        assertEquals("tokentray: profile 'admin': the YubiKey's OATH account '" + account() + "' makes 8-digit codes"
                + " and AWS takes 6; add it to the key again with 6 digits\n", unlock.err());
        assertEquals(0, world.proxy.calls("GetSessionToken") + world.proxy.calls("AssumeRole"), "nothing reached STS");
    }

    @Test
    void withoutAKeyOrATerminalTheErrorIsOneLine() {
        Run unlock = home.binary("", "unlock", "admin");
        assertEquals(1, unlock.exit(), unlock.toString());
        assertEquals(1, unlock.err().lines().count(), unlock.err());
        assertTrue(unlock.err().startsWith("tokentray: ") && unlock.err().contains("plug in your YubiKey"), unlock.err());
        assertEquals(0, world.proxy.calls("GetSessionToken"));
    }
}
