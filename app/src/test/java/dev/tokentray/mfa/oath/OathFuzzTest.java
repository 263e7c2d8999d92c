package dev.tokentray.mfa.oath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokentray.testing.CorpusReplayed;
import dev.tokentray.testing.FuzzSeeds;
import dev.tokentray.testing.VirtualOathCard;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a card says back, against the YKOATH code that reads it: the TLV parser alone, and a
 * whole exchange as `tokentray yubikey code` and an MFA unlock run it (serial, SELECT, VALIDATE
 * when locked, LIST, CALCULATE ALL, matching the MFA device, CALCULATE) with a card whose answers
 * are the fuzz input. A card may make it fail only with an {@link OathException}, and the codes it
 * yields are 6 to 10 digits.
 */
@ExtendWith(CorpusReplayed.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OathFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_767_225_600L), ZoneOffset.UTC);
    private static final String MFA_SERIAL = "arn:aws:iam::123456789012:mfa/alice";
    private static final char[] PASSWORD = "fuzz password".toCharArray();
    private static final Pattern CODE = Pattern.compile("[0-9]{6,10}");

    @FuzzTest
    void tlv(byte[] input) {
        List<Tlv> parsed;
        try {
            parsed = Tlv.parse(input);
        } catch (IllegalArgumentException refused) {
            return;
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        for (Tlv t : parsed) {
            assertTrue(t.tag() >= 0 && t.tag() <= 0xFF, "tag " + t.tag());
            again.writeBytes(Tlv.encode(t.tag(), t.value()));
        }
        List<Tlv> reparsed = Tlv.parse(again.toByteArray());
        assertEquals(parsed.size(), reparsed.size(), "re-encoding changed the number of TLVs");
        for (int i = 0; i < parsed.size(); i++) {
            assertEquals(parsed.get(i).tag(), reparsed.get(i).tag());
            assertArrayEquals(parsed.get(i).value(), reparsed.get(i).value());
        }
    }

    /** The input is the card's answers in order, each a big-endian u16 length then data and SW1 SW2. */
    @FuzzTest
    void cardAnswers(byte[] input) {
        try {
            exchange(new Transcript(input));
        } catch (OathException expected) {
            // The card's fault, said as one line.
        }
    }

    /** An MFA unlock and a `yubikey list` in one: every answer the card gives is parsed on the way. */
    private static void exchange(UnaryOperator<byte[]> card) {
        CardLink link = CardLink.connect(new OneCardTerminal(card));
        CardWorker worker = new CardWorker();
        try {
            OathApplet applet = new OathApplet(link);
            String serial = applet.readSerial();
            OathApplet.Selected selected = applet.select();
            if (selected == null) {
                return;
            }
            OathSession session = new OathSession(worker, link, selected, serial, CLOCK);
            if (session.locked()) {
                session.validate(PASSWORD.clone());
            }
            List<OathCredential> accounts = session.list();
            List<OathCredential> tried = new ArrayList<>(accounts.subList(0, Math.min(3, accounts.size())));
            try {
                tried.add(0, AccountMatch.pick(session.key(), accounts, null, MFA_SERIAL));
            } catch (OathException noMatch) {
                // Still compute the others.
            }
            for (OathCredential c : tried) {
                try {
                    String code = session.calculate(c.id());
                    assertTrue(CODE.matcher(code).matches(), "code " + code);
                } catch (OathException e) {
                    // One account's failure; go on with the next.
                }
            }
        } finally {
            worker.shutdownAfter(link::close);
        }
    }

    /** Answers from the fuzz input; when they run out, the card is gone. */
    private static final class Transcript implements UnaryOperator<byte[]> {
        private final ByteBuffer answers;

        Transcript(byte[] input) {
            this.answers = ByteBuffer.wrap(input);
        }

        @Override
        public byte[] apply(byte[] command) {
            if (answers.remaining() < 2) {
                return null;
            }
            int length = Math.min(answers.getShort() & 0xFFFF, answers.remaining());
            byte[] answer = new byte[length];
            answers.get(answer);
            return answer;
        }
    }

    /** A reader holding one card that answers each command with {@code card} (null: pulled out). */
    private static final class OneCardTerminal extends CardTerminal {
        private final UnaryOperator<byte[]> card;

        OneCardTerminal(UnaryOperator<byte[]> card) {
            this.card = card;
        }

        @Override
        public String getName() {
            return "Fuzz Reader 00 00";
        }

        @Override
        public Card connect(String protocol) {
            CardTerminal terminal = this;
            return new Card() {
                private final CardChannel basic = new CardChannel() {
                    @Override
                    public Card getCard() {
                        return null;
                    }

                    @Override
                    public int getChannelNumber() {
                        return 0;
                    }

                    @Override
                    public ResponseAPDU transmit(CommandAPDU command) throws CardException {
                        byte[] answer = card.apply(command.getBytes());
                        if (answer == null) {
                            throw new CardException("sun.security.smartcardio.PCSCException: SCARD_W_REMOVED_CARD");
                        }
                        return new ResponseAPDU(answer);
                    }

                    @Override
                    public int transmit(ByteBuffer command, ByteBuffer response) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public void close() {
                    }
                };

                @Override
                public ATR getATR() {
                    return new ATR(new byte[] {0x3B, 0x00});
                }

                @Override
                public String getProtocol() {
                    return "T=1";
                }

                @Override
                public CardChannel getBasicChannel() {
                    return basic;
                }

                @Override
                public CardChannel openLogicalChannel() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void beginExclusive() {
                }

                @Override
                public void endExclusive() {
                }

                @Override
                public byte[] transmitControlCommand(int controlCode, byte[] command) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void disconnect(boolean reset) {
                }

                @Override
                public String toString() {
                    return "card in " + terminal.getName();
                }
            };
        }

        @Override
        public boolean isCardPresent() {
            return true;
        }

        @Override
        public boolean waitForCardPresent(long timeout) {
            return true;
        }

        @Override
        public boolean waitForCardAbsent(long timeout) {
            return false;
        }
    }

    /**
     * Writes transcripts of the test card's answers (bench/fuzz --seeds): the exchange above run
     * against {@link VirtualOathCard}s of several kinds, each answer recorded as it came.
     */
    public static void main(String[] args) throws Exception {
        byte[] seed = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        record(new VirtualOathCard("12345678")
                .totp("Amazon Web Services:alice@123456789012", seed, "HmacSHA1", 6)
                .totp("60/GitHub:alice", seed, "HmacSHA256", 8), "two-accounts");
        VirtualOathCard touch = new VirtualOathCard("23456789")
                .touchTotp("Amazon Web Services:alice@123456789012", seed, "HmacSHA1", 6);
        touch.touchWhenAsked();
        record(touch, "touch-account");
        record(new VirtualOathCard("34567890").touchTimeout(Duration.ofMillis(1))
                .touchTotp("Amazon Web Services:alice@123456789012", seed, "HmacSHA1", 6), "touch-not-given");
        record(new VirtualOathCard("34567891").touchTimeout(Duration.ofMillis(1)).touchTimeoutStatus(0x6982)
                .touchTotp("Amazon Web Services:alice@123456789012", seed, "HmacSHA1", 6), "touch-not-given-6982");
        record(new VirtualOathCard("45678901").password("fuzz password")
                .totp("Amazon Web Services:alice@123456789012", seed, "HmacSHA1", 6), "password-protected");
        record(new VirtualOathCard(null)
                .totp("Amazon Web Services:alice@123456789012", seed, "HmacSHA512", 8), "no-serial");
        record(new VirtualOathCard("56789012").withoutOath(), "no-oath-applet");
        VirtualOathCard many = new VirtualOathCard("67890123");
        for (int i = 0; i < 24; i++) {
            many.totp("Amazon Web Services:user-with-a-long-name-" + i + "@123456789012", seed, "HmacSHA1", 6);
        }
        record(many, "chained-answers");
        byte[] tlvs = Tlv.concat(Tlv.encode(0x79, new byte[] {5, 4, 3}), Tlv.encode(0x71, new byte[8]),
                Tlv.encode(0x72, new byte[200]), Tlv.encode(0x76, new byte[300]));
        FuzzSeeds.write(OathFuzzTest.class, "tlv", "short-long-and-two-byte-lengths", tlvs);
        FuzzSeeds.write(OathFuzzTest.class, "tlv", "empty-value", new byte[] {0x74, 0x00});
        FuzzSeeds.write(OathFuzzTest.class, "tlv", "select-answer",
                Tlv.concat(Tlv.encode(0x79, new byte[] {5, 4, 3}), Tlv.encode(0x71, new byte[8]),
                        Tlv.encode(0x74, new byte[8]), Tlv.encode(0x7B, new byte[] {1})));
    }

    private static void record(VirtualOathCard card, String name) throws Exception {
        Method apdu = VirtualOathCard.class.getDeclaredMethod("apdu", byte[].class);
        apdu.setAccessible(true);
        // The card answers only while it is "plugged in" (it checks its vpcd socket): give it one.
        Field socket = VirtualOathCard.class.getDeclaredField("socket");
        socket.setAccessible(true);
        socket.set(card, new Socket());
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        try {
            exchange(command -> {
                try {
                    byte[] answer = (byte[]) apdu.invoke(card, (Object) command);
                    transcript.write(answer.length >> 8);
                    transcript.write(answer.length);
                    transcript.writeBytes(answer);
                    return answer;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (OathException e) {
            System.out.println(name + ": " + e.getMessage());
        }
        FuzzSeeds.write(OathFuzzTest.class, "cardAnswers", name, transcript.toByteArray());
    }
}
