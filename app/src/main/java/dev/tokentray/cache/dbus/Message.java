package dev.tokentray.cache.dbus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One D-Bus message read from bytes of either byte order, and a cursor over its body. Every
 * length, offset and type is checked against the bytes that are there: anything that does not
 * fit is an {@link IOException}, never an index error. The bytes are the caller's (no copy), so
 * wiping them wipes whatever the body held.
 */
public final class Message {
    /** The fixed part of every message: byte order, type, flags, version, body length, serial, fields' length. */
    static final int FIXED_HEADER = 16;
    /** Arrays longer than this are refused, as the specification says (64 MiB). */
    private static final long MAX_ARRAY = 1L << 26;
    /** Containers nested deeper than this are refused (the specification allows 32 of each kind). */
    private static final int MAX_DEPTH = 64;

    private final byte[] bytes;
    /** Where the message starts in {@link #bytes}: alignment counts from here. */
    private final int start;
    private final int end;
    private final boolean littleEndian;
    private final byte type;
    private final int serial;
    private int replySerial;
    private String errorName;
    private String path;
    private String member;
    private String signature = "";
    private final int bodyStart;
    private int pos;

    private Message(byte[] bytes, int start, int end, boolean littleEndian, byte type, int serial, int bodyStart) {
        this.bytes = bytes;
        this.start = start;
        this.end = end;
        this.littleEndian = littleEndian;
        this.type = type;
        this.serial = serial;
        this.bodyStart = bodyStart;
    }

    /**
     * How many bytes the message starting at {@code offset} takes, once its first
     * {@link #FIXED_HEADER} bytes are there ({@code available} of them or more).
     *
     * @return its length, or -1 when fewer than {@link #FIXED_HEADER} bytes are there yet
     * @throws IOException when the header is not a D-Bus message's, or the message is longer than {@code max}
     */
    public static int frameLength(byte[] bytes, int offset, int available, int max) throws IOException {
        if (available < FIXED_HEADER) {
            return -1;
        }
        boolean little = littleEndian(bytes[offset]);
        if (bytes[offset + 3] != 1) {
            throw new IOException("a D-Bus message of protocol version " + (bytes[offset + 3] & 0xff));
        }
        long body = u32(bytes, offset + 4, little);
        long fields = u32(bytes, offset + 12, little);
        long total = align8(FIXED_HEADER + fields) + body;
        if (fields > MAX_ARRAY || body > MAX_ARRAY || total > max) {
            throw new IOException("a D-Bus message of " + total + " bytes, more than the " + max + " expected");
        }
        return (int) total;
    }

    /** The message in {@code bytes[offset, offset + length)}, whose length {@link #frameLength} gave. */
    public static Message parse(byte[] bytes, int offset, int length) throws IOException {
        if (length < FIXED_HEADER || offset < 0 || offset + length > bytes.length) {
            throw new IOException("a D-Bus message cut short");
        }
        boolean little = littleEndian(bytes[offset]);
        byte type = bytes[offset + 1];
        int serial = (int) u32(bytes, offset + 8, little);
        int fieldsEnd = offset + FIXED_HEADER + (int) u32(bytes, offset + 12, little);
        int bodyStart = offset + (int) align8(fieldsEnd - offset);
        if (serial == 0 || type < MessageWriter.METHOD_CALL || type > MessageWriter.SIGNAL || fieldsEnd > offset + length
                || bodyStart > offset + length) {
            throw new IOException("a garbled D-Bus message header");
        }
        Message m = new Message(bytes, offset, offset + length, little, type, serial, bodyStart);
        m.readFields(fieldsEnd);
        m.pos = bodyStart;
        return m;
    }

    private void readFields(int fieldsEnd) throws IOException {
        pos = start + FIXED_HEADER;
        while (pos < fieldsEnd) {
            align(8);
            byte code = u8();
            String fieldType = readSignature();
            switch (code) {
                case MessageWriter.FIELD_REPLY_SERIAL -> {
                    expect(fieldType, "u");
                    replySerial = u32();
                }
                case MessageWriter.FIELD_ERROR_NAME -> {
                    expect(fieldType, "s");
                    errorName = string();
                }
                case MessageWriter.FIELD_PATH -> {
                    expect(fieldType, "o");
                    path = string();
                }
                case MessageWriter.FIELD_MEMBER -> {
                    expect(fieldType, "s");
                    member = string();
                }
                case MessageWriter.FIELD_SIGNATURE -> {
                    expect(fieldType, "g");
                    signature = readSignature();
                }
                default -> skip(fieldType, 0);
            }
            if (pos > fieldsEnd) {
                throw new IOException("a D-Bus header field runs past the header");
            }
        }
    }

    /** How many bytes the whole message takes. */
    public int length() {
        return end - start;
    }

    public byte type() {
        return type;
    }

    public int serial() {
        return serial;
    }

    /** The serial of the call this answers; 0 for calls and signals. */
    public int replySerial() {
        return replySerial;
    }

    /** The error's name (e.g. org.freedesktop.DBus.Error.ServiceUnknown), or null. */
    public String errorName() {
        return errorName;
    }

    /** The object a call or signal is for, or null. */
    public String path() {
        return path;
    }

    /** The method or signal's name, or null. */
    public String member() {
        return member;
    }

    /** The body's signature; "" when it has none. */
    public String signature() {
        return signature;
    }

    // The body, read in order.

    public byte u8() throws IOException {
        need(1);
        return bytes[pos++];
    }

    public int u32() throws IOException {
        align(4);
        need(4);
        int value = (int) u32(bytes, pos, littleEndian);
        pos += 4;
        return value;
    }

    /** A string or an object path. */
    public String string() throws IOException {
        int length = u32();
        if (length < 0) {
            throw new IOException("a D-Bus string longer than the message");
        }
        need(length + 1L);
        if (bytes[pos + length] != 0) {
            throw new IOException("a D-Bus string without its terminating NUL");
        }
        String value = new String(bytes, pos, length, StandardCharsets.UTF_8);
        pos += length + 1;
        return value;
    }

    /** A signature value (the type {@code g}). */
    public String readSignature() throws IOException {
        int length = u8() & 0xff;
        need(length + 1L);
        if (bytes[pos + length] != 0) {
            throw new IOException("a D-Bus signature without its terminating NUL");
        }
        String value = new String(bytes, pos, length, StandardCharsets.US_ASCII);
        pos += length + 1;
        return value;
    }

    /**
     * The start of an array whose elements align to {@code elementAlignment}; returns where it
     * ends, for {@link #hasNext}.
     */
    public int startArray(int elementAlignment) throws IOException {
        long length = u32() & 0xffffffffL;
        align(elementAlignment);
        if (length > MAX_ARRAY || pos + length > end) {
            throw new IOException("a D-Bus array longer than the message");
        }
        return pos + (int) length;
    }

    /** Whether the array ending at {@code arrayEnd} has more elements. */
    public boolean hasNext(int arrayEnd) throws IOException {
        if (pos > arrayEnd) {
            throw new IOException("a D-Bus array element runs past its array");
        }
        return pos < arrayEnd;
    }

    /** Moves to the start of a struct or dict entry. */
    public void startStruct() throws IOException {
        align(8);
    }

    /**
     * An array of bytes ({@code ay}) holding UTF-8 text, decoded strictly into a new char array
     * that the caller wipes; no other copy of the text is left behind.
     */
    public char[] utf8ByteArray() throws IOException {
        int length = u32();
        if (length < 0) {
            throw new IOException("a D-Bus byte array longer than the message");
        }
        need(length);
        char[] decoded = new char[length];
        CharBuffer out = CharBuffer.wrap(decoded);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, pos, length), out, true);
        if (!result.isUnderflow() || !decoder.flush(out).isUnderflow()) {
            Arrays.fill(decoded, '\0');
            throw new CharacterCodingException();
        }
        pos += length;
        char[] text = Arrays.copyOf(decoded, out.position());
        Arrays.fill(decoded, '\0');
        return text;
    }

    /** Skips a value of the complete type {@code signature} (a variant, or a header field of no interest). */
    public void skip(String signature, int depth) throws IOException {
        int at = 0;
        while (at < signature.length()) {
            at = skipOne(signature, at, depth);
        }
    }

    /** Skips one value whose type starts at {@code signature[at]}; returns where the next type starts. */
    private int skipOne(String signature, int at, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("D-Bus values nested too deep");
        }
        char c = signature.charAt(at);
        switch (c) {
            case 'y' -> skipFixed(1);
            case 'n', 'q' -> skipFixed(2);
            case 'b', 'i', 'u', 'h' -> skipFixed(4);
            case 'x', 't', 'd' -> skipFixed(8);
            case 's', 'o' -> string();
            case 'g' -> readSignature();
            case 'v' -> skip(readSignature(), depth + 1);
            case 'a' -> {
                int elementEnd = typeEnd(signature, at + 1);
                String element = signature.substring(at + 1, elementEnd);
                int arrayEnd = startArray(alignment(element.charAt(0)));
                while (hasNext(arrayEnd)) {
                    int before = pos;
                    skipOne(element, 0, depth + 1);
                    if (pos == before) {
                        throw new IOException("a D-Bus array of elements that take no room");
                    }
                }
                return elementEnd;
            }
            case '(', '{' -> {
                align(8);
                int close = typeEnd(signature, at);
                if (close == at + 2) {
                    throw new IOException("an empty D-Bus struct in " + signature);
                }
                int inner = at + 1;
                while (inner < close - 1) {
                    inner = skipOne(signature, inner, depth + 1);
                }
                return close;
            }
            default -> throw new IOException("a D-Bus value of unknown type " + c);
        }
        return at + 1;
    }

    /** Where the complete type starting at {@code signature[at]} ends; its brackets must pair up. */
    private static int typeEnd(String signature, int at) throws IOException {
        StringBuilder open = new StringBuilder();
        for (int i = at; i < signature.length(); i++) {
            char c = signature.charAt(i);
            if (c == '(' || c == '{') {
                open.append(c);
            } else if (c == ')' || c == '}') {
                if (open.length() == 0 || open.charAt(open.length() - 1) != (c == ')' ? '(' : '{')) {
                    break;
                }
                open.setLength(open.length() - 1);
            }
            if (open.length() == 0 && c != 'a') {
                return i + 1;
            }
        }
        throw new IOException("a D-Bus signature that does not close: " + signature);
    }

    private static int alignment(char type) {
        return switch (type) {
            case 'n', 'q' -> 2;
            case 'b', 'i', 'u', 'h', 's', 'o', 'a' -> 4;
            case 'x', 't', 'd', '(', '{' -> 8;
            default -> 1;
        };
    }

    private void skipFixed(int size) throws IOException {
        align(size);
        need(size);
        pos += size;
    }

    private void align(int boundary) throws IOException {
        int padding = (boundary - (pos - start) % boundary) % boundary;
        need(padding);
        pos += padding;
    }

    private void need(long count) throws IOException {
        if (count < 0 || pos + count > end) {
            throw new IOException("a D-Bus value runs past the end of its message");
        }
    }

    private static void expect(String actual, String wanted) throws IOException {
        if (!actual.equals(wanted)) {
            throw new IOException("a D-Bus header field of type " + actual + " where " + wanted + " belongs");
        }
    }

    private static boolean littleEndian(byte marker) throws IOException {
        if (marker == 'l') {
            return true;
        }
        if (marker == 'B') {
            return false;
        }
        throw new IOException("not a D-Bus message (byte order " + (marker & 0xff) + ")");
    }

    private static long u32(byte[] b, int at, boolean little) {
        if (little) {
            return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
        }
        return (b[at + 3] & 0xffL) | (b[at + 2] & 0xffL) << 8 | (b[at + 1] & 0xffL) << 16 | (b[at] & 0xffL) << 24;
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
    }
}
