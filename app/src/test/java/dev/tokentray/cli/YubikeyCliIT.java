package dev.tokentray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.KeyringDaemon;
import dev.tokentray.testing.PcscStack;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.PtySession;
import dev.tokentray.testing.SecretScan;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.Totp;
import dev.tokentray.testing.VirtualOathCard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** An untouched key ends its wait with 6982 (or 6985): one line says so, exit 1. */
    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {0x6982, 0x6985})
    void aTouchNotGivenInTimeIsOneLine(int status) {
        pcsc.insert(new VirtualOathCard("12345678").touchTotp("GitHub:alice", SEED, "HmacSHA1", 6)
                .touchTimeout(Duration.ofMillis(500)).touchTimeoutStatus(status));
        Run run = home().binary("", "yubikey", "code", "github");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("", run.out());
        assertEquals("Touch your YubiKey\ntokentray: the YubiKey was not touched in time for 'GitHub:alice'; try again "
                + "and touch it when it blinks\n", run.err());
    }

    /**
     * With the file backend an OATH password is used and forgotten: it is not offered to be kept,
     * and nothing under HOME (TOKENTRAY_HOME with its file cache is in it), the JVM's temp dir or
     * /tmp holds it or the key derived from it, in any encoding a file could hold them in; so
     * the next run without a terminal cannot open the applet, and says why.
     */
    @Test
    void anOathPasswordNeverLandsInTheFileBackend() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        String password = "Oath pässwörd 4217";
        VirtualOathCard card = new VirtualOathCard("12345678").totp("GitHub:alice", SEED, "HmacSHA1", 6)
                .password(password);
        pcsc.insert(card);
        Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
        TestHome home = home().set("TOKENTRAY_KEYRING", "file")
                .set("TOKENTRAY_JAVA_OPTS", "-Djava.io.tmpdir=" + javaTmp).set("TMPDIR", javaTmp.toString());
        boolean offered = false;
        String screen;
        try (PtySession pty = new PtySession(Project.root().resolve("bin/tokentray") + " yubikey code github",
                home.envMap())) {
            pty.answer("OATH password for YubiKey 12345678: ", password);
            Instant deadline = Instant.now().plusSeconds(60);
            while (!pty.screen().matches("(?s).*GitHub:alice  \\d{6}.*")) {
                if (pty.screen().contains("Remember")) {
                    offered = true; // say yes, as a person might: it must still not land on disk
                    pty.answer("[y/N] ", "y");
                    break;
                }
                assertTrue(Instant.now().isBefore(deadline), "no code in 60 s:\n" + pty.screen());
                Thread.sleep(50);
            }
            assertEquals(0, pty.waitForExit(), pty.screen());
            screen = pty.screen();
        }
        assertTrue(screen.matches("(?s).*GitHub:alice  \\d{6}.*"), screen);

        List<String> secrets = encodings(password.getBytes(StandardCharsets.UTF_8));
        secrets.addAll(encodings(password.getBytes(StandardCharsets.UTF_16LE)));
        secrets.addAll(encodings(password.getBytes(StandardCharsets.UTF_16BE)));
        secrets.addAll(encodings(password.getBytes(StandardCharsets.ISO_8859_1)));
        secrets.addAll(encodings(card.passwordKey()));
        List<String> found = new ArrayList<>(SecretScan.scan(home.home(), Instant.MIN, secrets).found());
        found.addAll(SecretScan.scan(Path.of("/tmp"), start, secrets).found());
        assertEquals(List.of(), found, "the OATH password or its key on disk");
        // The scan can see them: each form planted inside other text is found.
        Path planted = Files.createDirectories(tmp.resolve("planted"));
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        Files.writeString(planted.resolve("b64"), "{\"x\":\"" + Base64.getEncoder().encodeToString(
                ("ab" + password + "c").getBytes(StandardCharsets.UTF_8)) + "\"}");
        Files.writeString(planted.resolve("hex"), "key=" + HexFormat.of().formatHex(card.passwordKey()) + "\n");
        Files.write(planted.resolve("utf16"), ("[" + password + "]").getBytes(StandardCharsets.UTF_16LE));
        Files.write(planted.resolve("raw"), utf8);
        assertEquals(List.of("b64", "hex", "raw", "utf16"), SecretScan.scan(planted, Instant.MIN, secrets).found()
                .stream().map(f -> Path.of(f.substring(f.indexOf(" in ") + 4)).getFileName().toString()).distinct()
                .sorted().toList());
        assertFalse(screen.contains(password), "the password was echoed:\n" + screen);
        assertFalse(offered, "keeping the OATH password was offered with the file backend:\n" + screen);

        Run again = home.binary("", "yubikey", "code", "github");
        assertEquals(1, again.exit(), again.toString());
        assertEquals("tokentray: the OATH applet of YubiKey 12345678 is protected by a password and none was given; "
                + "tokentray keeps OATH passwords only in an OS keyring, not in its file cache: run this in a terminal "
                + "to type it, or set TOKENTRAY_KEYRING to your OS keyring\n", again.err());
    }

    /**
     * {@code secret} as a file could hold it, each as the ISO-8859-1 text {@link SecretScan} reads:
     * the bytes themselves, hex in either case, and base64 (standard and URL-safe) at each of the
     * three alignments it can have inside a longer base64 text, less the characters it shares
     * with its neighbours there.
     */
    private static List<String> encodings(byte[] secret) {
        List<String> out = new ArrayList<>();
        out.add(new String(secret, StandardCharsets.ISO_8859_1));
        String hex = HexFormat.of().formatHex(secret);
        out.add(hex);
        out.add(hex.toUpperCase(Locale.ROOT));
        for (Base64.Encoder encoder : List.of(Base64.getEncoder().withoutPadding(),
                Base64.getUrlEncoder().withoutPadding())) {
            for (int shift = 0; shift < 3; shift++) {
                byte[] shifted = new byte[shift + secret.length];
                System.arraycopy(secret, 0, shifted, shift, secret.length);
                String b64 = encoder.encodeToString(shifted);
                int from = shift == 0 ? 0 : 4;
                int to = (shifted.length / 3) * 4;
                out.add(b64.substring(from, to));
            }
        }
        return out;
    }
}
