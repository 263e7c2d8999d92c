package dev.tokentray.mfa.oath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.ExclusiveReaderHolder;
import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.PcscStack;
import dev.tokentray.testing.Totp;
import dev.tokentray.testing.VirtualOathCard;
import dev.tokentray.testing.VirtualOathCard.Event;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.smartcardio.CardTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The YKOATH client on the real PC/SC stack: javax.smartcardio → libpcsclite → a private pcscd →
 * vpcd → the virtual OATH card, checked by the published vectors (DESIGN §8).
 */
class OathCardTest {
    @RegisterExtension
    static final PcscStack pcsc = new PcscStack();

    private static final byte[] RFC_SEED_SHA1 = ascii("12345678901234567890");
    private static final byte[] RFC_SEED_SHA256 = ascii("12345678901234567890123456789012");
    private static final byte[] RFC_SEED_SHA512 = ascii("1234567890123456789012345678901234567890123456789012345678901234");
    private static final byte[] AWS_SEED = ascii("aws virtual mfa seed 0123");
    private static final long[] RFC_TIMES = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};

    @AfterEach
    void pullTheCard() {
        pcsc.remove();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static OathReader at(long unixSeconds) {
        return new OathReader(Clock.fixed(Instant.ofEpochSecond(unixSeconds), ZoneOffset.UTC));
    }

    private static void assertVectors(String account, String... codes) {
        for (int i = 0; i < RFC_TIMES.length; i++) {
            try (OathSession s = at(RFC_TIMES[i]).open(null)) {
                assertEquals(codes[i], s.calculate(account), account + " at t=" + RFC_TIMES[i]);
            }
        }
    }

    @Test
    void rfc6238VectorsForSha1Sha256AndSha512() {
        pcsc.insert(new VirtualOathCard("12345678")
                .totp("rfc-sha1", RFC_SEED_SHA1, "HmacSHA1", 8)
                .totp("rfc-sha256", RFC_SEED_SHA256, "HmacSHA256", 8)
                .totp("rfc-sha512", RFC_SEED_SHA512, "HmacSHA512", 8));
        assertVectors("rfc-sha1", "94287082", "07081804", "14050471", "89005924", "69279037", "65353130");
        assertVectors("rfc-sha256", "46119246", "68084774", "67062674", "91819424", "90698825", "77737706");
        assertVectors("rfc-sha512", "90693936", "25091201", "99943326", "93441116", "38618901", "47863826");
    }

    @Test
    void listShowsKeySerialAlgorithmsDigitsPeriodsAndTouch() {
        pcsc.insert(new VirtualOathCard("12345678")
                .totp("Amazon Web Services:alice@111111111111", AWS_SEED, "HmacSHA1", 6)
                .totp("60/Example:bob", AWS_SEED, "HmacSHA256", 8)
                .touchTotp("Touchy:carol", AWS_SEED, "HmacSHA512", 6));
        List<OathKey> keys = new OathReader().keys();
        assertEquals(1, keys.size());
        OathKey key = keys.get(0);
        assertEquals("12345678", key.serial());
        assertEquals(PcscStack.READER, key.reader());
        assertEquals("5.4.3", key.version());
        assertFalse(key.locked());
        assertEquals(List.of(
                "Amazon Web Services:alice@111111111111 period=30 SHA1 6 touch=false",
                "60/Example:bob period=60 SHA256 8 touch=false",
                "Touchy:carol period=30 SHA512 6 touch=true"),
                key.accounts().stream().map(c -> c.id() + " period=" + c.period() + " " + c.algorithm() + " "
                        + c.digits() + " touch=" + c.touch()).collect(Collectors.toList()));
    }

    /**
     * A session closes on its worker thread after close() returns, and the JDK hands the next
     * session the same Card while it is still connected: without taking turns, the old session's
     * disconnect pulled the handle from under the next one's transaction and pcscd dropped the
     * whole PC/SC context (SCARD_F_COMM_ERROR, seen once in CI within the RFC vectors' 18
     * sessions). The window is narrow (between the old session's end of transaction and its
     * disconnect), so this runs many sessions back to back rather than pretending to hit it.
     */
    @Test
    void backToBackSessionsEachGetTheirOwnCard() {
        pcsc.insert(new VirtualOathCard("12345678").totp("alice", AWS_SEED, "HmacSHA1", 6));
        for (int i = 0; i < 20; i++) {
            long t = 1_650_000_000L + 30L * i;
            try (OathSession s = at(t).open(null)) {
                assertEquals(Totp.code(AWS_SEED, t), s.calculate("alice"), "session " + i);
            }
        }
    }

    @Test
    void sixtySecondPeriodsAndSixDigitsUseTheirOwnChallenge() {
        pcsc.insert(new VirtualOathCard("12345678")
                .totp("Amazon Web Services:alice@111111111111", AWS_SEED, "HmacSHA1", 6)
                .totp("60/Example:bob", AWS_SEED, "HmacSHA256", 8));
        long t = 1_700_000_045L; // in the second half of a 60-second step
        try (OathSession s = at(t).open(null)) {
            assertEquals(Totp.code(AWS_SEED, t, 30, 6, "HmacSHA1"), s.calculate("Amazon Web Services:alice@111111111111"));
            assertEquals(Totp.code(AWS_SEED, t, 60, 8, "HmacSHA256"), s.calculate("60/Example:bob"));
            // Named without the period prefix, as Yubico Authenticator shows it.
            assertEquals(Totp.code(AWS_SEED, t, 60, 8, "HmacSHA256"), s.calculate("Example:bob"));
        }
    }

    @Test
    void fortyAccountsComeThroughSendRemainingChaining() {
        VirtualOathCard card = new VirtualOathCard("12345678");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = String.format("Amazon Web Services:user%02d@123456789012", i);
            ids.add(id);
            card.totp(id, ascii("seed number " + i), "HmacSHA1", 6);
        }
        pcsc.insert(card);
        long t = 1_600_000_000L;
        try (OathSession s = at(t).open(null)) {
            assertEquals(ids, s.list().stream().map(OathCredential::id).collect(Collectors.toList()));
            assertEquals(Totp.code(ascii("seed number 39"), t), s.calculate(ids.get(39)));
        }
        // LIST (40 × 40 bytes) and CALCULATE ALL came in several parts.
        assertTrue(Collections.frequency(card.commands(), "A5") >= 4, card.commands().toString());
    }

    @Test
    void touchRequiredAccountWaitsForTheTouchAndSaysSo() {
        VirtualOathCard card = new VirtualOathCard("12345678").touchTotp("Touchy:carol", AWS_SEED, "HmacSHA1", 6);
        pcsc.insert(card);
        long t = 1_650_000_000L;
        List<String> said = Collections.synchronizedList(new ArrayList<>());
        try (OathSession s = at(t).open(null)) {
            s.onTouch(() -> {
                said.add("Touch your YubiKey");
                card.touch();
            });
            assertEquals(Totp.code(AWS_SEED, t), s.calculate("Touchy:carol"));
        }
        assertEquals(List.of("Touch your YubiKey"), said);
    }

    /** A YubiKey ends an untouched CALCULATE with 6985, some firmware with 6982: both are a touch timeout. */
    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {0x6985, 0x6982})
    void untouchedAccountTimesOutAndCanBeRetried(int status) {
        VirtualOathCard card = new VirtualOathCard("12345678").touchTotp("Touchy:carol", AWS_SEED, "HmacSHA1", 6)
                .touchTimeout(Duration.ofSeconds(1)).touchTimeoutStatus(status);
        pcsc.insert(card);
        long t = 1_650_000_000L;
        try (OathSession s = at(t).open(null)) {
            TouchTimeoutException e = assertThrows(TouchTimeoutException.class, () -> s.calculate("Touchy:carol"));
            assertEquals("the YubiKey was not touched in time for 'Touchy:carol'; try again and touch it when it "
                    + "blinks", e.getMessage());
            s.onTouch(card::touch);
            assertEquals(Totp.code(AWS_SEED, t), s.calculate("Touchy:carol"));
        }
        List<Event> calculates = card.commands(OathApplet.INS_CALCULATE);
        assertEquals(2, calculates.size(), card.eventLog());
        assertEquals(status, card.answerTo(calculates.get(0)).sw(), card.eventLog());
        assertEquals(0x9000, card.answerTo(calculates.get(1)).sw(), card.eventLog());
    }

    /**
     * CALCULATE's P2 says whether the key truncates: 01 gives tag 76 (digits, then the 31-bit
     * value), 00 tag 75 (digits, then the whole HMAC). tokentray asks for the truncated answer and
     * reads the code from it; the card is held to both forms here, checked by RFC 6238's vector.
     */
    @Test
    void calculateAsksForTheTruncatedAnswerAndTheCardHonoursTheFlag() {
        VirtualOathCard card = new VirtualOathCard("12345678").totp("rfc-sha1", RFC_SEED_SHA1, "HmacSHA1", 8);
        pcsc.insert(card);
        try (OathSession s = at(59).open(null)) {
            assertEquals("94287082", s.calculate("rfc-sha1"));
        }
        List<Event> calculates = card.commands(OathApplet.INS_CALCULATE);
        assertEquals(List.of(0x01), calculates.stream().map(Event::p2).toList(), card.eventLog());
        assertEquals(List.of(0x01), card.commands(OathApplet.INS_CALCULATE_ALL).stream().filter(e -> e.p1() == 0x00)
                .map(Event::p2).toList(), "CALCULATE ALL, truncated:\n" + card.eventLog());

        byte[] challenge = OathApplet.timeChallenge(59, 30);
        byte[] data = Tlv.concat(Tlv.encode(OathApplet.TAG_NAME, ascii("rfc-sha1")),
                Tlv.encode(OathApplet.TAG_CHALLENGE, challenge));
        new OathReader(); // sets up PC/SC as every reader does
        CardTerminal reader = Pcsc.readers().stream().filter(r -> r.getName().equals(PcscStack.READER)).findFirst()
                .orElseThrow();
        try (CardLink link = CardLink.connect(reader)) {
            assertTrue(new OathApplet(link).select() != null);
            CardLink.Reply full = link.send(OathApplet.INS_CALCULATE, 0x00, 0x00, data.clone());
            assertEquals(0x9000, full.sw());
            assertArrayEquals(Tlv.encode(OathApplet.TAG_RESPONSE,
                    Tlv.concat(new byte[] {8}, PasswordKey.hmacSha1(RFC_SEED_SHA1, challenge))), full.data());
            CardLink.Reply truncated = link.send(OathApplet.INS_CALCULATE, 0x00, 0x01, data.clone());
            assertEquals(0x9000, truncated.sw());
            byte[] value = Tlv.find(Tlv.parse(truncated.data()), OathApplet.TAG_TRUNCATED);
            assertEquals(7, truncated.data().length, "tag 76 with 5 bytes");
            assertEquals("94287082", OathApplet.code(value));
        }
    }

    @Test
    void lockedAppletNeedsTheRightPassword() {
        pcsc.insert(new VirtualOathCard("12345678").password("Hallå världen!")
                .totp("Amazon Web Services:alice@111111111111", AWS_SEED, "HmacSHA1", 6));
        long t = 1_650_000_000L;
        List<OathKey> keys = new OathReader().keys();
        assertTrue(keys.get(0).locked());
        assertEquals(List.of(), keys.get(0).accounts());
        try (OathSession s = at(t).open(null)) {
            assertTrue(s.locked());
            OathException locked = assertThrows(OathException.class, s::list);
            assertEquals("the OATH applet of YubiKey 12345678 is protected by a password; give the OATH password first",
                    locked.getMessage());
            WrongOathPasswordException wrong = assertThrows(WrongOathPasswordException.class,
                    () -> s.validate("hallå världen!".toCharArray()));
            assertEquals("wrong OATH password for YubiKey 12345678; try again (the password set with `ykman oath "
                    + "access change` or Yubico Authenticator)", wrong.getMessage());
        }
        // A wrong answer, then the right one: the source hears which was which.
        List<String> heard = new ArrayList<>();
        OathPasswordSource prompt = new OathPasswordSource() {
            @Override
            public char[] password(OathKey key, boolean wrongBefore) {
                heard.add("asked for " + key.describe() + (wrongBefore ? " again" : ""));
                return (wrongBefore ? "Hallå världen!" : "wrong").toCharArray();
            }

            @Override
            public void accepted(OathKey key, char[] password) {
                heard.add("accepted");
            }

            @Override
            public void rejected(OathKey key) {
                heard.add("rejected");
            }
        };
        try (OathSession s = at(t).open(null)) {
            s.unlock(prompt);
            assertFalse(s.locked());
            assertEquals(Totp.code(AWS_SEED, t), s.calculate("Amazon Web Services:alice@111111111111"));
        }
        assertEquals(List.of("asked for YubiKey 12345678", "rejected", "asked for YubiKey 12345678 again", "accepted"),
                heard);
        assertEquals(1, new OathReader().keys(prompt).get(0).accounts().size());
    }

    @Test
    void cardPulledMidExchangeSaysSo() {
        pcsc.insert(new VirtualOathCard("12345678").totp("alice", AWS_SEED, "HmacSHA1", 6).pulledOn(0xA2));
        try (OathSession s = new OathReader().open(null)) {
            OathException e = assertThrows(OathException.class, () -> s.calculate("alice"));
            assertEquals("the YubiKey in reader 'Virtual PCD 00 00' was removed or stopped answering during the "
                    + "exchange; plug it in again and retry", e.getMessage());
        }
    }

    @Test
    void cardPulledInsteadOfTouchedSaysSo() {
        pcsc.insert(new VirtualOathCard("12345678").touchTotp("alice", AWS_SEED, "HmacSHA1", 6));
        try (OathSession s = new OathReader().open(null)) {
            s.onTouch(pcsc::yank);
            OathException e = assertThrows(OathException.class, () -> s.calculate("alice"));
            assertEquals("the YubiKey in reader 'Virtual PCD 00 00' was removed or stopped answering during the "
                    + "exchange; plug it in again and retry", e.getMessage());
        }
    }

    @Test
    void unknownAccountListsTheAccountsThere() {
        pcsc.insert(new VirtualOathCard("12345678").totp("GitHub:alice", AWS_SEED, "HmacSHA1", 6)
                .totp("Amazon Web Services:alice@111111111111", AWS_SEED, "HmacSHA1", 6));
        try (OathSession s = new OathReader().open(null)) {
            OathException e = assertThrows(OathException.class, () -> s.calculate("bob"));
            assertEquals("no OATH account 'bob' on YubiKey 12345678; accounts there: GitHub:alice, "
                    + "Amazon Web Services:alice@111111111111", e.getMessage());
        }
    }

    @Test
    void noCardNoAppletAndAnotherSerialAreClearErrors() {
        OathException none = assertThrows(OathException.class, () -> new OathReader().open(null));
        assertEquals("no YubiKey: no card in the smart-card readers (Virtual PCD 00 00, Virtual PCD 00 01); plug in "
                + "your YubiKey", none.getMessage());

        pcsc.insert(new VirtualOathCard(null).withoutOath());
        OathException noApplet = assertThrows(OathException.class, () -> new OathReader().open(null));
        assertEquals("the card in reader 'Virtual PCD 00 00' has no OATH applet; plug in a YubiKey (with the OATH "
                + "application enabled: `ykman config usb --enable OATH`)", noApplet.getMessage());
        assertEquals(List.of(), new OathReader().keys());

        pcsc.insert(new VirtualOathCard("12345678").totp("alice", AWS_SEED, "HmacSHA1", 6));
        OathException other = assertThrows(OathException.class, () -> new OathReader().open("87654321"));
        assertEquals("YubiKey 87654321 is not plugged in (found: YubiKey 12345678); plug it in or fix yubikey_serial",
                other.getMessage());
        try (OathSession s = new OathReader().open("12345678")) {
            assertEquals("12345678", s.key().serial());
        }
    }

    @Test
    void readerHeldExclusivelyByAnotherProgramSaysWhatToClose() {
        pcsc.insert(new VirtualOathCard("12345678").totp("alice", AWS_SEED, "HmacSHA1", 6));
        try (ManagedProcess scdaemonLike = ExclusiveReaderHolder.hold(pcsc, PcscStack.READER)) {
            OathException e = assertThrows(OathException.class, () -> new OathReader().open(null));
            assertEquals("reader 'Virtual PCD 00 00' is held exclusively by another program (often gpg's scdaemon); "
                    + "close it, e.g. `gpgconf --kill scdaemon`, and try again", e.getMessage());
        }
        // Once pcscd has seen the holder go, the key is usable again.
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            try (OathSession s = new OathReader().open(null)) {
                assertEquals("12345678", s.key().serial());
                break;
            } catch (OathException stillHeld) {
                if (Instant.now().isAfter(deadline)) {
                    throw stillHeld;
                }
            }
        }
    }

    @Test
    void keyWithoutSerialIsNamedByItsReader() {
        pcsc.insert(new VirtualOathCard(null).totp("alice", AWS_SEED, "HmacSHA1", 6));
        try (OathSession s = new OathReader().open(null)) {
            assertNull(s.key().serial());
            OathException e = assertThrows(OathException.class, () -> s.calculate("bob"));
            assertEquals("no OATH account 'bob' on the YubiKey in reader 'Virtual PCD 00 00'; accounts there: alice",
                    e.getMessage());
        }
    }

    @Test
    void noPcscServiceThenItComesBack() throws Exception {
        // Use the stack first, so the JDK holds a PC/SC context that the restart makes stale.
        pcsc.insert(new VirtualOathCard("12345678").totp("alice", AWS_SEED, "HmacSHA1", 6));
        assertEquals(1, new OathReader().keys().size());
        pcsc.stopDaemon();
        try {
            OathException e = assertThrows(OathException.class, () -> new OathReader().open(null));
            assertEquals("no PC/SC service: pcscd is not running; start it (e.g. `sudo systemctl start pcscd.socket`) "
                    + "or install it (Debian/Ubuntu: pcscd)", e.getMessage());
        } finally {
            pcsc.restartDaemon();
        }
        pcsc.insert(new VirtualOathCard("12345678").totp("alice", AWS_SEED, "HmacSHA1", 6));
        long t = 1_650_000_000L;
        try (OathSession s = at(t).open(null)) {
            assertEquals(Totp.code(AWS_SEED, t), s.calculate("alice"));
        }
    }

    @Test
    void yubikeyMfaCodeMatchesTheProfilesDeviceAndSaysTouch() {
        VirtualOathCard card = new VirtualOathCard("12345678")
                .totp("GitHub:alice", ascii("github seed"), "HmacSHA1", 6)
                .touchTotp("Amazon Web Services:alice@111111111111", AWS_SEED, "HmacSHA1", 6);
        pcsc.insert(card);
        long t = 1_650_000_000L;
        Clock clock = Clock.fixed(Instant.ofEpochSecond(t), ZoneOffset.UTC);
        List<String> notices = Collections.synchronizedList(new ArrayList<>());
        YubikeyMfaCode source = new YubikeyMfaCode("12345678", null, OathPasswordSource.NONE, n -> {
            notices.add(n);
            card.touch();
        }, new OathReader(clock), clock);
        assertEquals(Totp.code(AWS_SEED, t), source.code("dev", "arn:aws:iam::111111111111:mfa/alice", false));
        assertEquals(List.of("Touch your YubiKey"), notices);
    }

    @Test
    void yubikeyMfaCodeGivesUpWhenInterrupted() throws Exception {
        VirtualOathCard card = new VirtualOathCard("12345678").touchTotp("alice", AWS_SEED, "HmacSHA1", 6);
        pcsc.insert(card);
        AtomicReference<String> result = new AtomicReference<>("not finished");
        CountDownLatch asked = new CountDownLatch(1);
        Thread racer = new Thread(() -> result.set(new YubikeyMfaCode(null, "alice", OathPasswordSource.NONE,
                n -> asked.countDown()).code("dev", "arn:aws:iam::1:mfa/alice", false)));
        racer.start();
        asked.await();
        racer.interrupt(); // a typed code won
        racer.join(5000);
        assertFalse(racer.isAlive());
        assertNull(result.get());

        // The abandoned CALCULATE still waits on the card; the next read waits its turn (the JDK
        // shares one Card per reader in a process) instead of failing, and gets its code.
        AtomicReference<String> next = new AtomicReference<>("not finished");
        long before = Instant.now().getEpochSecond(); // the second read's challenge is taken after this
        Thread again = new Thread(() -> {
            try {
                next.set(new YubikeyMfaCode(null, "alice", OathPasswordSource.NONE, n -> { })
                        .code("dev", "arn:aws:iam::1:mfa/alice", false));
            } catch (RuntimeException e) {
                next.set(e.toString());
            }
        });
        again.start();
        Thread.sleep(300);
        card.touch(); // answers the abandoned CALCULATE; then the second read gets the card
        for (int i = 0; i < 200 && card.commands().stream().filter("A2"::equals).count() < 2; i++) {
            Thread.sleep(50);
        }
        card.touch();
        again.join(30_000);
        long after = Instant.now().getEpochSecond();
        assertTrue(List.of(Totp.code(AWS_SEED, before), Totp.code(AWS_SEED, after)).contains(next.get()),
                "the second read got the code: " + next.get());
    }
}
