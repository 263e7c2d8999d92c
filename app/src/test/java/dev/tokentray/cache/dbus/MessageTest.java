package dev.tokentray.cache.dbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The D-Bus codec against a real exchange: {@code secret-service-read.bin} is what
 * {@code dbus-monitor --binary} recorded on a private dbus-daemon 1.14.10 with gnome-keyring 42.1
 * while SecretServiceReader read an item holding "värde € 🔑" ({@code secret-tool store} had
 * written it), then read it again after the collection was locked, then once more after
 * gnome-keyring had exited. In order: 0 Hello (ours), 1 its reply, 2 NameOwnerChanged,
 * 3 NameAcquired, 4 GetAll (ours), 5 its reply, 6 ReadAlias, 7 OpenSession, 8 SearchItems (ours,
 * sent together), 9-11 their replies, 12 GetSecrets (ours), 13 its reply, 14 a PropertiesChanged
 * the lock emitted, 15 SearchItems' reply with the item locked, 16 GetAll (ours) with no Secret
 * Service running, 17 the bus's NameHasNoOwner. What the monitor shows of a message we sent
 * carries the SENDER field that dbus-daemon appends; replies are shown as we receive them.
 */
class MessageTest {
    private static final String VALUE = "värde € 🔑";
    private static final String COLLECTION = "/org/freedesktop/secrets/collection/login";
    private static final String ITEM = COLLECTION + "/2";

    private static byte[] recorded() throws IOException {
        try (InputStream in = MessageTest.class.getResourceAsStream("secret-service-read.bin")) {
            return in.readAllBytes();
        }
    }

    /** The recorded stream, split as BusConnection splits what it reads. */
    static List<byte[]> messages(byte[] stream) throws IOException {
        List<byte[]> messages = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            int length = Message.frameLength(stream, at, stream.length - at, BusConnection.MAX_MESSAGE);
            assertTrue(length > 0 && at + length <= stream.length, "a whole message at " + at);
            messages.add(Arrays.copyOfRange(stream, at, at + length));
            at += length;
        }
        return messages;
    }

    private static Message parse(byte[] bytes) throws IOException {
        return Message.parse(bytes, 0, Message.frameLength(bytes, 0, bytes.length, BusConnection.MAX_MESSAGE));
    }

    @Test
    void readsWhatTheBusAndGnomeKeyringSent() throws IOException {
        List<byte[]> m = messages(recorded());
        assertEquals(18, m.size());

        Message hello = parse(m.get(1));
        assertEquals(MessageWriter.METHOD_RETURN, hello.type());
        assertEquals(1, hello.replySerial());
        assertEquals("s", hello.signature());
        assertTrue(hello.string().startsWith(":1."), "our unique name");

        Message acquired = parse(m.get(3));
        assertEquals(MessageWriter.SIGNAL, acquired.type());
        assertEquals("NameAcquired", acquired.member());
        assertEquals(0, acquired.replySerial());

        Message properties = parse(m.get(5));
        assertEquals(2, properties.replySerial());
        assertEquals("a{sv}", properties.signature());
        properties.skip(properties.signature(), 0);
        assertThrows(IOException.class, properties::u8, "skipping a{sv} ends exactly at the message's end");

        Message alias = parse(m.get(9));
        assertEquals(3, alias.replySerial());
        assertEquals(COLLECTION, alias.string());

        Message opened = parse(m.get(10));
        assertEquals(4, opened.replySerial());
        assertEquals("vo", opened.signature());
        assertEquals("s", opened.readSignature(), "plain answers an empty string");
        assertEquals("", opened.string());
        assertEquals(sessionPath(m), opened.string());

        Message found = parse(m.get(11));
        assertEquals(List.of(ITEM), items(found), "unlocked");
        assertEquals(List.of(), items(found), "locked");
        Message foundLocked = parse(m.get(15));
        assertEquals(List.of(), items(foundLocked), "unlocked");
        assertEquals(List.of(ITEM), items(foundLocked), "locked");

        assertEquals(VALUE, secretOf(parse(m.get(13))));

        Message changed = parse(m.get(14));
        assertEquals("PropertiesChanged", changed.member());
        changed.skip(changed.signature(), 0);
        assertThrows(IOException.class, changed::u8, "skipping sa{sv}as ends exactly at the message's end");

        Message noOwner = parse(m.get(17));
        assertEquals(MessageWriter.ERROR, noOwner.type());
        assertEquals(2, noOwner.replySerial());
        assertEquals("org.freedesktop.DBus.Error.NameHasNoOwner", noOwner.errorName());
        assertEquals("s", noOwner.signature());
        assertTrue(noOwner.string().contains("org.freedesktop.secrets"));
    }

    /** What we sent, byte for byte: the monitor's copy less the SENDER field the bus appended. */
    @Test
    void writesTheCallsAsTheyWereSent() throws IOException {
        List<byte[]> m = messages(recorded());
        assertArrayEquals(withoutSender(m.get(0)), MessageWriter.methodCall(1, (byte) 0, "org.freedesktop.DBus",
                "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello", "").toBytes());

        MessageWriter properties = call(2, "org.freedesktop.DBus.Properties", "GetAll", "s");
        properties.string("org.freedesktop.Secret.Service");
        assertArrayEquals(withoutSender(m.get(4)), properties.toBytes());

        MessageWriter alias = call(3, "org.freedesktop.Secret.Service", "ReadAlias", "s");
        alias.string("default");
        assertArrayEquals(withoutSender(m.get(6)), alias.toBytes());

        MessageWriter open = call(4, "org.freedesktop.Secret.Service", "OpenSession", "sv");
        open.string("plain").variantString("");
        assertArrayEquals(withoutSender(m.get(7)), open.toBytes());

        MessageWriter search = call(5, "org.freedesktop.Secret.Service", "SearchItems", "a{ss}");
        int dict = search.startArray(8);
        search.startStruct().string("service").string("tokentray");
        search.startStruct().string("account").string("profile:unit");
        search.endArray(dict, 8);
        assertArrayEquals(withoutSender(m.get(8)), search.toBytes());

        MessageWriter get = call(6, "org.freedesktop.Secret.Service", "GetSecrets", "aoo");
        int items = get.startArray(4);
        get.string(ITEM);
        get.endArray(items, 4);
        get.string(sessionPath(m));
        assertArrayEquals(withoutSender(m.get(12)), get.toBytes());
    }

    private static MessageWriter call(int serial, String iface, String member, String signature) {
        return MessageWriter.methodCall(serial, MessageWriter.NO_AUTO_START, "org.freedesktop.secrets",
                "/org/freedesktop/secrets", iface, member, signature);
    }

    /**
     * Messages 11 and 13 as a big-endian peer sends them: the same layout (alignment does not
     * depend on the byte order), the marker {@code B}, and every integer (lengths, serials) most
     * significant byte first, as the specification's marshalling rules give it.
     */
    @Test
    void readsBigEndianMessagesAsWell() throws IOException {
        byte[] found = hex("""
                42 02 01 01 00 00 00 38 00 00 00 12 00 00 00 35  B, method return, flags, v1, body 0x38, serial 18, fields 0x35
                06 01 73 00 00 00 00 04 3a 31 2e 34 00 00 00 00  DESTINATION s ":1.4"
                08 01 67 00 04 61 6f 61 6f 00 00 00 00 00 00 00  SIGNATURE g "aoao"
                05 01 75 00 00 00 00 05 07 01 73 00 00 00 00 04  REPLY_SERIAL u 5, SENDER s ...
                3a 31 2e 30 00 00 00 00 00 00 00 30 00 00 00 2b  ... ":1.0"; body: 0x30 bytes of paths, the first 0x2b long
                2f 6f 72 67 2f 66 72 65 65 64 65 73 6b 74 6f 70
                2f 73 65 63 72 65 74 73 2f 63 6f 6c 6c 65 63 74
                69 6f 6e 2f 6c 6f 67 69 6e 2f 32 00 00 00 00 00  the second array: empty
                """);
        Message reply = parse(found);
        assertEquals(5, reply.replySerial());
        assertEquals(List.of(ITEM), items(reply));
        assertEquals(List.of(), items(reply));

        byte[] secrets = hex("""
                42 02 01 01 00 00 00 87 00 00 00 13 00 00 00 3d  B, method return, flags, v1, body 0x87, serial 19, fields 0x3d
                06 01 73 00 00 00 00 04 3a 31 2e 34 00 00 00 00  DESTINATION s ":1.4"
                08 01 67 00 0c 61 7b 6f 28 6f 61 79 61 79 73 29  SIGNATURE g "a{o(oayays)}" ...
                7d 00 00 00 00 00 00 00 05 01 75 00 00 00 00 06  ..., REPLY_SERIAL u 6
                07 01 73 00 00 00 00 04 3a 31 2e 30 00 00 00 00  SENDER s ":1.0"
                00 00 00 7f 00 00 00 00 00 00 00 2b 2f 6f 72 67  body: a dict of 0x7f bytes; the item's path, 0x2b bytes
                2f 66 72 65 65 64 65 73 6b 74 6f 70 2f 73 65 63
                72 65 74 73 2f 63 6f 6c 6c 65 63 74 69 6f 6e 2f
                6c 6f 67 69 6e 2f 32 00 00 00 00 23 2f 6f 72 67  the session's path, 0x23 bytes
                2f 66 72 65 65 64 65 73 6b 74 6f 70 2f 73 65 63
                72 65 74 73 2f 73 65 73 73 69 6f 6e 2f 73 33 00
                00 00 00 00 00 00 00 0f 76 c3 a4 72 64 65 20 e2  parameters: 0 bytes; the value: 0x0f bytes
                82 ac 20 f0 9f 94 91 00 00 00 00 0a 74 65 78 74  content type: 0x0a bytes
                2f 70 6c 61 69 6e 00
                """);
        assertEquals(VALUE, secretOf(parse(secrets)));
    }

    @Test
    void refusesGarbledAndOversizedInputWithAnIoException() throws IOException {
        byte[] secret = messages(recorded()).get(13);
        // Every cut of a real message is refused, never read past its end.
        for (int cut = 0; cut < secret.length; cut++) {
            byte[] shorter = Arrays.copyOf(secret, cut);
            int length = Message.frameLength(shorter, 0, cut, BusConnection.MAX_MESSAGE);
            assertTrue(length == -1 || length > cut, "a cut message is not taken as whole");
            int whole = cut;
            assertThrows(IOException.class, () -> secretOf(Message.parse(secret, 0, whole)));
        }
        byte[] badOrder = secret.clone();
        badOrder[0] = 'x';
        assertThrows(IOException.class, () -> Message.frameLength(badOrder, 0, badOrder.length, 1 << 20));
        byte[] huge = secret.clone();
        huge[4] = (byte) 0xff; // body length 0x...ff: beyond the limit
        huge[6] = (byte) 0xff;
        assertThrows(IOException.class, () -> Message.frameLength(huge, 0, huge.length, BusConnection.MAX_MESSAGE));
        byte[] lyingLength = secret.clone();
        lyingLength[180] = (byte) 0x7f; // the value's byte array claims more than the message holds
        assertThrows(IOException.class, () -> secretOf(parse(lyingLength)));
        byte[] notUtf8 = secret.clone();
        notUtf8[185] = (byte) 0xff; // inside "värde"
        assertThrows(IOException.class, () -> secretOf(parse(notUtf8)));
        byte[] unterminated = secret.clone();
        unterminated[175] = 'x'; // the session path's NUL
        assertThrows(IOException.class, () -> secretOf(parse(unterminated)));
    }

    @Test
    void aMessageWithoutReplySerialOrErrorHasNone() throws IOException {
        Message hello = parse(messages(recorded()).get(0));
        assertEquals(0, hello.replySerial());
        assertNull(hello.errorName());
        assertEquals("", hello.signature());
        assertEquals("Hello", hello.member());
        assertEquals("/org/freedesktop/DBus", hello.path());
    }

    /** The session GetSecrets named, as OpenSession's reply gave it. */
    private static String sessionPath(List<byte[]> m) throws IOException {
        Message get = parse(m.get(12));
        get.startArray(4);
        get.string();
        return get.string();
    }

    /** The next array of object paths in {@code reply}. */
    private static List<String> items(Message reply) throws IOException {
        List<String> items = new ArrayList<>();
        int end = reply.startArray(4);
        while (reply.hasNext(end)) {
            items.add(reply.string());
        }
        return items;
    }

    /** The one secret in a GetSecrets reply, for {@link #ITEM}. */
    private static String secretOf(Message reply) throws IOException {
        if (!reply.signature().equals("a{o(oayays)}")) {
            throw new IOException("signature " + reply.signature());
        }
        int end = reply.startArray(8);
        reply.startStruct();
        if (!reply.string().equals(ITEM)) {
            throw new IOException("another item");
        }
        reply.startStruct();
        reply.string();
        reply.skip("ay", 0);
        String value = new String(reply.utf8ByteArray());
        assertEquals("text/plain", reply.string());
        assertFalse(reply.hasNext(end), "one item");
        return value;
    }

    /** A message we sent as the bus forwarded it, less the SENDER header field it appended last. */
    private static byte[] withoutSender(byte[] forwarded) throws IOException {
        int fieldsLength = (int) le32(forwarded, 12);
        int fieldsEnd = 16 + fieldsLength;
        int bodyStart = (fieldsEnd + 7) & ~7;
        int senderAt = -1;
        for (int i = 16; i < fieldsEnd; i += 8) {
            if (forwarded[i] == 7 && forwarded[i + 1] == 1 && forwarded[i + 2] == 's') {
                senderAt = i;
            }
        }
        assertTrue(senderAt > 0, "the bus's SENDER field");
        int ourBodyStart = (senderAt + 7) & ~7;
        byte[] sent = new byte[ourBodyStart + forwarded.length - bodyStart];
        System.arraycopy(forwarded, 0, sent, 0, senderAt);
        System.arraycopy(forwarded, bodyStart, sent, ourBodyStart, forwarded.length - bodyStart);
        // The field before SENDER is a string or a signature: it ends with the NUL after its last
        // character, and only padding (zeros) follows it.
        int last = senderAt - 1;
        while (sent[last] == 0) {
            last--;
        }
        int ourFields = last + 2 - 16;
        sent[12] = (byte) ourFields;
        sent[13] = (byte) (ourFields >>> 8);
        return sent;
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    /** Hex pairs, each line's text after the 16th pair being a comment. */
    private static byte[] hex(String dump) {
        StringBuilder digits = new StringBuilder();
        for (String line : dump.strip().split("\n")) {
            String[] words = line.strip().split("\\s+");
            for (int i = 0; i < Math.min(16, words.length); i++) {
                if (words[i].matches("[0-9a-f]{2}")) {
                    digits.append(words[i]);
                } else {
                    break;
                }
            }
        }
        return HexFormat.of().parseHex(digits);
    }
}
