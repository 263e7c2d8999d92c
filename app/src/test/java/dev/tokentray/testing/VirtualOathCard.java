package dev.tokentray.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A YubiKey as vpcd sees it: a card process that connects to vpcd's TCP port and answers in
 * vpcd framing (2-byte big-endian length + payload; a 1-byte payload is control: 0 off, 1 on,
 * 2 reset, 4 send ATR). It carries Yubico's OATH applet written from the public YKOATH protocol
 * (SELECT, LIST, CALCULATE, CALCULATE ALL, VALIDATE, SEND REMAINING, chunks of 256 bytes) and the
 * management applet's READ CONFIG for the serial. There is no real peer for a YubiKey's applet;
 * this one is checked by the RFC 6238 and YKOATH password vectors.
 */
public final class VirtualOathCard {
    /** A YubiKey 5 NFC's ATR: T=1, historical bytes "YubiKey". */
    private static final byte[] ATR = hex("3BFD1300008131FE158073C021C057597562694B657940");
    private static final byte[] OATH_AID = hex("A0000005272101");
    private static final byte[] MANAGEMENT_AID = hex("A000000527471117");
    private static final int CHUNK = 256;

    private final String serial;
    private final Map<String, Credential> credentials = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private byte[] accessKey;
    private boolean oathApplet = true;
    private Duration touchTimeout = Duration.ofSeconds(15);
    private int touchTimeoutStatus = 0x6985;
    private int pullOnIns = -1;

    // Card state, reset by power-off and reset.
    private String selected;
    private boolean validated;
    private byte[] cardChallenge;
    private byte[] pending = new byte[0];

    private volatile Socket socket;
    private volatile CountDownLatch touched = new CountDownLatch(1);
    private final CountDownLatch touchWaiting = new CountDownLatch(1);
    private final List<Event> events = new ArrayList<>();

    /** What happened at the card: vpcd's power and reset messages, each command and each answer. */
    public enum Kind { POWER_ON, POWER_OFF, RESET, COMMAND, ANSWER }

    /**
     * One thing that reached the card or left it, and when.
     *
     * @param ins    the command's INS (for an answer: of the command answered), -1 for power and reset
     * @param p1, p2 the command's P1 and P2, -1 otherwise
     * @param sw     an answer's status word, -1 otherwise
     */
    public record Event(Instant at, Kind kind, int ins, int p1, int p2, int sw) {
        @Override
        public String toString() {
            return at + " " + switch (kind) {
                case COMMAND -> String.format("command %02X %02X %02X", ins, p1, p2);
                case ANSWER -> String.format("answer to %02X: %04X", ins, sw);
                default -> kind.toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            };
        }
    }

    private record Credential(String id, byte[] seed, String hmac, int digits, boolean touch) {
    }

    /** @param serial the serial the management applet reports, or null for a key that tells none */
    public VirtualOathCard(String serial) {
        this.serial = serial;
    }

    public VirtualOathCard totp(String id, byte[] seed, String hmac, int digits) {
        credentials.put(id, new Credential(id, seed.clone(), hmac, digits, false));
        return this;
    }

    /** A credential that answers CALCULATE only after {@link #touch()}, else 6985 after the touch timeout. */
    public VirtualOathCard touchTotp(String id, byte[] seed, String hmac, int digits) {
        credentials.put(id, new Credential(id, seed.clone(), hmac, digits, true));
        return this;
    }

    public VirtualOathCard touchTimeout(Duration timeout) {
        this.touchTimeout = timeout;
        return this;
    }

    /** The status an untouched CALCULATE ends with: 6985 (conditions of use) or 6982 (security status). */
    public VirtualOathCard touchTimeoutStatus(int sw) {
        this.touchTimeoutStatus = sw;
        return this;
    }

    /** Protects the applet: key = PBKDF2-HMAC-SHA1(password, salt, 1000, 16), as SET CODE stores it. */
    public VirtualOathCard password(String password) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt(), 1000, 128);
            accessKey = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** The access key {@link #password} derived (PBKDF2 of the password with this key's salt): what VALIDATE proves. */
    public byte[] passwordKey() {
        return accessKey == null ? null : accessKey.clone();
    }

    /** A card without the OATH applet (SELECT answers 6A82), like a PIV-only smart card. */
    public VirtualOathCard withoutOath() {
        oathApplet = false;
        return this;
    }

    /** Vanishes from the reader (closes its vpcd connection) when a command with {@code ins} arrives. */
    public VirtualOathCard pulledOn(int ins) {
        pullOnIns = ins;
        return this;
    }

    /** The finger on the gold contact. */
    public void touch() {
        touched.countDown();
    }

    /** Waits until a CALCULATE is waiting for a touch. */
    public void awaitTouchWait(Duration timeout) throws InterruptedException {
        if (!touchWaiting.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the card was never asked for a touch");
        }
    }

    /** A finger that touches the card as soon as it asks, on a thread of its own; join it afterwards. */
    public Thread touchWhenAsked() {
        Thread finger = new Thread(() -> {
            try {
                awaitTouchWait(Duration.ofSeconds(60));
                touch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "finger");
        finger.setDaemon(true);
        finger.start();
        return finger;
    }

    /** The INS bytes of the commands seen so far, e.g. "A4 A3 A1" (SELECT, VALIDATE, LIST). */
    public synchronized List<String> commands() {
        return events.stream().filter(e -> e.kind() == Kind.COMMAND).map(e -> String.format("%02X", e.ins()))
                .toList();
    }

    /** Everything that reached the card or left it so far, in order. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The commands with this INS so far (e.g. 0xA2, CALCULATE; SELECT and CALCULATE ALL share A4), in order. */
    public synchronized List<Event> commands(int ins) {
        return events.stream().filter(e -> e.kind() == Kind.COMMAND && e.ins() == ins).toList();
    }

    /** The commands that reached the card at or after {@code since}. */
    public synchronized List<Event> commandsSince(Instant since) {
        return events.stream().filter(e -> e.kind() == Kind.COMMAND && !e.at().isBefore(since)).toList();
    }

    /** The card's answer to {@code command}, or null while it has none (e.g. it still waits for a touch). */
    public synchronized Event answerTo(Event command) {
        int i = events.indexOf(command);
        for (int j = i + 1; i >= 0 && j < events.size(); j++) {
            Event e = events.get(j);
            if (e.kind() == Kind.COMMAND) {
                return null;
            }
            if (e.kind() == Kind.ANSWER) {
                return e;
            }
        }
        return null;
    }

    /** The events so far, one a line: for assertion messages. */
    public String eventLog() {
        return events().stream().map(Event::toString).collect(java.util.stream.Collectors.joining("\n"));
    }

    /**
     * Waits until an event {@code matching} has happened (already or within {@code timeout}) and
     * returns the first such; null when none came in time.
     */
    public synchronized Event awaitEvent(java.util.function.Predicate<Event> matching, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Event e : events) {
                if (matching.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private synchronized void record(Kind kind, int ins, int p1, int p2, int sw) {
        events.add(new Event(Instant.now(), kind, ins, p1, p2, sw));
        notifyAll();
    }

    // ---- vpcd connection ----

    private int removalsBefore;

    /** How many removals pcscd had logged when this card was plugged in. */
    int removalsBefore() {
        return removalsBefore;
    }

    void plugInto(int port, Duration timeout, int removalsLogged) {
        removalsBefore = removalsLogged;
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setTcpNoDelay(true);
                socket = s;
                break;
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("vpcd did not listen on 127.0.0.1:" + port + " within " + timeout);
                }
                FreePort.sleep(50);
            }
        }
        Thread t = new Thread(this::serve, "virtual-oath-card");
        t.setDaemon(true);
        t.start();
    }

    void unplug() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // Gone already.
            }
        }
        touched.countDown();
    }

    private void serve() {
        Socket s = socket;
        try (DataInputStream in = new DataInputStream(s.getInputStream());
             DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
            while (true) {
                int length = in.readUnsignedShort();
                byte[] message = in.readNBytes(length);
                if (message.length != length) {
                    return;
                }
                if (length == 1) {
                    switch (message[0]) {
                        case 0 -> {
                            record(Kind.POWER_OFF, -1, -1, -1, -1);
                            powerOff();
                        }
                        case 1 -> record(Kind.POWER_ON, -1, -1, -1, -1);
                        case 2 -> {
                            record(Kind.RESET, -1, -1, -1, -1);
                            powerOff();
                        }
                        case 4 -> send(out, ATR);
                        default -> {
                        }
                    }
                    continue;
                }
                byte[] reply = apdu(message);
                if (reply == null) {
                    unplug();
                    return;
                }
                send(out, reply);
            }
        } catch (IOException e) {
            // vpcd went away or the card was unplugged.
        }
    }

    private static void send(DataOutputStream out, byte[] payload) throws IOException {
        out.writeShort(payload.length);
        out.write(payload);
        out.flush();
    }

    private synchronized void powerOff() {
        selected = null;
        validated = false;
        pending = new byte[0];
    }

    // ---- the applets ----

    /** Answers one APDU (null: the card is gone), recording the command and the answer's status. */
    private byte[] apdu(byte[] apdu) {
        int ins = apdu[1] & 0xFF;
        record(Kind.COMMAND, ins, apdu[2] & 0xFF, apdu[3] & 0xFF, -1);
        byte[] reply = answer(apdu);
        if (reply != null && reply.length >= 2) {
            record(Kind.ANSWER, ins, -1, -1, (reply[reply.length - 2] & 0xFF) << 8 | reply[reply.length - 1] & 0xFF);
        }
        return reply;
    }

    private byte[] answer(byte[] apdu) {
        int ins = apdu[1] & 0xFF;
        if (ins == pullOnIns) {
            return null;
        }
        byte[] data = new byte[0];
        if (apdu.length > 5) {
            int lc = apdu[4] & 0xFF;
            data = Arrays.copyOfRange(apdu, 5, Math.min(apdu.length, 5 + lc));
        }
        if (ins == 0xA5) {
            return nextChunk();
        }
        pending = new byte[0];
        if (ins == 0xA4 && (apdu[2] & 0xFF) == 0x04) {
            return select(data);
        }
        if ("oath".equals(selected)) {
            return oath(ins, apdu[3] & 0xFF, data);
        }
        if ("management".equals(selected) && ins == 0x1D && serial != null) {
            byte[] config = concat(tlv(0x02, ByteBuffer.allocate(4).putInt((int) Long.parseLong(serial)).array()),
                    tlv(0x05, new byte[] {5, 4, 3}), tlv(0x04, new byte[] {0x03}));
            return withSw(concat(new byte[] {(byte) config.length}, config), 0x9000);
        }
        return sw(0x6D00);
    }

    private byte[] select(byte[] aid) {
        selected = null;
        validated = false;
        if (Arrays.equals(aid, MANAGEMENT_AID) && serial != null) {
            selected = "management";
            return withSw("Virtual mgmt - FW version 5.4.3".getBytes(StandardCharsets.US_ASCII), 0x9000);
        }
        if (!Arrays.equals(aid, OATH_AID) || !oathApplet) {
            return sw(0x6A82);
        }
        selected = "oath";
        byte[] response = concat(tlv(0x79, new byte[] {5, 4, 3}), tlv(0x71, salt()));
        if (accessKey != null) {
            cardChallenge = new byte[8];
            random.nextBytes(cardChallenge);
            response = concat(response, tlv(0x74, cardChallenge), tlv(0x7B, new byte[] {0x01}));
        }
        return withSw(response, 0x9000);
    }

    private byte[] oath(int ins, int p2, byte[] data) {
        if (ins == 0xA3) {
            return validate(data);
        }
        if (accessKey != null && !validated) {
            return sw(0x6982);
        }
        switch (ins) {
            case 0xA1: {
                ByteArrayOutputStream list = new ByteArrayOutputStream();
                for (Credential c : credentials.values()) {
                    byte[] name = c.id.getBytes(StandardCharsets.UTF_8);
                    list.writeBytes(tlv(0x72, concat(new byte[] {(byte) (0x20 | algorithm(c.hmac))}, name)));
                }
                return chained(list.toByteArray());
            }
            case 0xA4: {
                byte[] challenge = value(data, 0x74);
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (Credential c : credentials.values()) {
                    all.writeBytes(tlv(0x71, c.id.getBytes(StandardCharsets.UTF_8)));
                    all.writeBytes(c.touch ? tlv(0x7C, new byte[] {(byte) c.digits}) : response(c, challenge, p2));
                }
                return chained(all.toByteArray());
            }
            case 0xA2: {
                Credential c = credentials.get(new String(value(data, 0x71), StandardCharsets.UTF_8));
                if (c == null) {
                    return sw(0x6984);
                }
                if (c.touch && !awaitTouch()) {
                    return sw(touchTimeoutStatus);
                }
                if (socket == null) {
                    return null;
                }
                return withSw(response(c, value(data, 0x74), p2), 0x9000);
            }
            default:
                return sw(0x6D00);
        }
    }

    private byte[] validate(byte[] data) {
        if (accessKey == null || cardChallenge == null) {
            return sw(0x6984);
        }
        byte[] response = value(data, 0x75);
        byte[] hostChallenge = value(data, 0x74);
        if (response == null || hostChallenge == null || !Arrays.equals(response, hmac("HmacSHA1", accessKey, cardChallenge))) {
            return sw(0x6A80);
        }
        validated = true;
        cardChallenge = null;
        return withSw(tlv(0x75, hmac("HmacSHA1", accessKey, hostChallenge)), 0x9000);
    }

    private boolean awaitTouch() {
        touchWaiting.countDown();
        try {
            boolean ok = touched.await(touchTimeout.toMillis(), TimeUnit.MILLISECONDS);
            touched = new CountDownLatch(1);
            return ok;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private byte[] chained(byte[] all) {
        pending = all;
        return nextChunk();
    }

    private byte[] nextChunk() {
        int n = Math.min(CHUNK, pending.length);
        byte[] chunk = Arrays.copyOf(pending, n);
        pending = Arrays.copyOfRange(pending, n, pending.length);
        if (pending.length == 0) {
            return withSw(chunk, 0x9000);
        }
        return withSw(chunk, 0x6100 | Math.min(pending.length, 0xFF) & 0xFF);
    }

    /**
     * A CALCULATE answer as P2 asks: with its low bit set (truncate), tag 76 with the digits byte
     * and RFC 4226's dynamic truncation (the 31-bit value; the host reduces it); else tag 75 with
     * the digits byte and the whole HMAC, as a YubiKey sends it.
     */
    private static byte[] response(Credential c, byte[] challenge, int p2) {
        byte[] h = hmac(c.hmac, c.seed, challenge);
        if ((p2 & 0x01) == 0) {
            return tlv(0x75, concat(new byte[] {(byte) c.digits}, h));
        }
        int offset = h[h.length - 1] & 0x0F;
        int value = ByteBuffer.wrap(h, offset, 4).getInt() & 0x7FFFFFFF;
        return tlv(0x76, ByteBuffer.allocate(5).put((byte) c.digits).putInt(value).array());
    }

    private static int algorithm(String hmac) {
        return switch (hmac) {
            case "HmacSHA1" -> 1;
            case "HmacSHA256" -> 2;
            case "HmacSHA512" -> 3;
            default -> throw new IllegalArgumentException(hmac);
        };
    }

    private byte[] salt() {
        // A YubiKey's salt (its device id) is fixed per key: derive it from the serial.
        byte[] salt = new byte[8];
        byte[] id = String.valueOf(serial).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, salt, 0, Math.min(8, id.length));
        return salt;
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] value(byte[] data, int tag) {
        int i = 0;
        while (i + 1 < data.length) {
            int t = data[i] & 0xFF;
            int length = data[i + 1] & 0xFF;
            int start = i + 2;
            if (length == 0x81) {
                length = data[i + 2] & 0xFF;
                start = i + 3;
            }
            if (t == tag) {
                return Arrays.copyOfRange(data, start, Math.min(data.length, start + length));
            }
            i = start + length;
        }
        return null;
    }

    private static byte[] tlv(int tag, byte[] value) {
        if (value.length > 0xFF) {
            throw new IllegalArgumentException("value too long");
        }
        return value.length < 0x80 ? concat(new byte[] {(byte) tag, (byte) value.length}, value)
                : concat(new byte[] {(byte) tag, (byte) 0x81, (byte) value.length}, value);
    }

    private static byte[] withSw(byte[] data, int sw) {
        return concat(data, new byte[] {(byte) (sw >> 8), (byte) sw});
    }

    private static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
