package dev.tokentray.cache.dbus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one D-Bus message in little-endian order, as the specification's "Message Format"
 * lays it out: the 12-byte fixed header, the header fields as an array of (code, variant)
 * structs, padding to 8, then the body. Only the types the Secret Service calls here need are
 * written: byte, uint32, string, object path, signature, byte array, arrays, structs and
 * variants holding a string. Every value is aligned to its own size from the message's start.
 */
public final class MessageWriter {
    public static final byte METHOD_CALL = 1;
    public static final byte METHOD_RETURN = 2;
    public static final byte ERROR = 3;
    public static final byte SIGNAL = 4;
    /** Flag: the bus must not start (D-Bus-activate) a service to receive this message. */
    public static final byte NO_AUTO_START = 2;

    static final byte FIELD_PATH = 1;
    static final byte FIELD_INTERFACE = 2;
    static final byte FIELD_MEMBER = 3;
    static final byte FIELD_ERROR_NAME = 4;
    static final byte FIELD_REPLY_SERIAL = 5;
    static final byte FIELD_DESTINATION = 6;
    static final byte FIELD_SENDER = 7;
    static final byte FIELD_SIGNATURE = 8;

    private byte[] bytes = new byte[256];
    private int length;
    /** Where the header fields' array length goes, until {@link #body()} writes it; then -1. */
    private int fieldsLengthAt;
    private int bodyStart = -1;

    /**
     * Starts a message of {@code type} (e.g. {@link #METHOD_CALL}) numbered {@code serial}, which
     * must not be 0. Header fields follow, then {@link #body()}, then the body's values.
     */
    public MessageWriter(byte type, byte flags, int serial) {
        u8('l');
        u8(type);
        u8(flags);
        u8(1); // protocol version
        u32(0); // body length, written by toBytes()
        u32(serial);
        fieldsLengthAt = length;
        u32(0);
    }

    /** A method call: the usual four header fields, with the body's signature when it has one. */
    public static MessageWriter methodCall(int serial, byte flags, String destination, String path, String iface,
            String member, String signature) {
        MessageWriter m = new MessageWriter(METHOD_CALL, flags, serial);
        m.stringField(FIELD_PATH, 'o', path);
        m.stringField(FIELD_INTERFACE, 's', iface);
        m.stringField(FIELD_MEMBER, 's', member);
        m.stringField(FIELD_DESTINATION, 's', destination);
        if (!signature.isEmpty()) {
            m.stringField(FIELD_SIGNATURE, 'g', signature);
        }
        return m.body();
    }

    /** A reply to the call numbered {@code replySerial} carrying a body of {@code signature}. */
    public static MessageWriter methodReturn(int serial, int replySerial, String destination, String signature) {
        MessageWriter m = new MessageWriter(METHOD_RETURN, (byte) 0, serial);
        m.u32Field(FIELD_REPLY_SERIAL, replySerial);
        if (destination != null) {
            m.stringField(FIELD_DESTINATION, 's', destination);
        }
        if (!signature.isEmpty()) {
            m.stringField(FIELD_SIGNATURE, 'g', signature);
        }
        return m.body();
    }

    /** An error reply named {@code errorName} to the call numbered {@code replySerial}, without a body. */
    public static MessageWriter error(int serial, int replySerial, String destination, String errorName) {
        MessageWriter m = new MessageWriter(ERROR, (byte) 0, serial);
        m.stringField(FIELD_ERROR_NAME, 's', errorName);
        m.u32Field(FIELD_REPLY_SERIAL, replySerial);
        if (destination != null) {
            m.stringField(FIELD_DESTINATION, 's', destination);
        }
        return m.body();
    }

    /** A header field whose value is a string, an object path ({@code 'o'}) or a signature ({@code 'g'}). */
    public MessageWriter stringField(byte code, char type, String value) {
        align(8);
        u8(code);
        signature(String.valueOf(type));
        if (type == 'g') {
            signature(value);
        } else {
            string(value);
        }
        return this;
    }

    public MessageWriter u32Field(byte code, int value) {
        align(8);
        u8(code);
        signature("u");
        u32(value);
        return this;
    }

    /** Ends the header fields; what is written next is the body. */
    public MessageWriter body() {
        putU32(fieldsLengthAt, length - fieldsLengthAt - 4);
        align(8);
        bodyStart = length;
        fieldsLengthAt = -1;
        return this;
    }

    public MessageWriter u8(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
        return this;
    }

    public MessageWriter u32(int value) {
        align(4);
        ensure(4);
        putU32(length, value);
        length += 4;
        return this;
    }

    /** A string or an object path: its length, its UTF-8 bytes and a NUL. */
    public MessageWriter string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        u32(utf8.length);
        ensure(utf8.length + 1);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        bytes[length++] = 0;
        return this;
    }

    /** A signature: its length in one byte, its ASCII characters and a NUL. */
    public MessageWriter signature(String value) {
        u8(value.length());
        for (int i = 0; i < value.length(); i++) {
            u8(value.charAt(i));
        }
        return u8(0);
    }

    /** A variant holding a string: the signature {@code s}, then the string. */
    public MessageWriter variantString(String value) {
        signature("s");
        return string(value);
    }

    /** An array of bytes ({@code ay}). */
    public MessageWriter byteArray(byte[] value) {
        u32(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
        return this;
    }

    /**
     * Starts an array whose elements align to {@code elementAlignment} (8 for structs and dict
     * entries, 4 for strings and object paths); returns the mark {@link #endArray} takes.
     */
    public int startArray(int elementAlignment) {
        u32(0);
        int lengthAt = length - 4;
        // The padding to the first element is there even when the array is empty, and is not
        // counted in the array's length.
        align(elementAlignment);
        return lengthAt;
    }

    /** Ends the array started at {@code mark} with the same {@code elementAlignment}. */
    public MessageWriter endArray(int mark, int elementAlignment) {
        int first = mark + 4;
        first += (elementAlignment - first % elementAlignment) % elementAlignment;
        putU32(mark, length - first);
        return this;
    }

    /** Starts a struct or dict entry: both align to 8. */
    public MessageWriter startStruct() {
        return align(8);
    }

    /** The finished message. */
    public byte[] toBytes() {
        if (bodyStart < 0) {
            throw new IllegalStateException("the header fields were not ended with body()");
        }
        putU32(4, length - bodyStart);
        return Arrays.copyOf(bytes, length);
    }

    /** Overwrites what was written with zeros: a body may have held a secret. */
    public void wipe() {
        Arrays.fill(bytes, (byte) 0);
    }

    private MessageWriter align(int boundary) {
        int padding = (boundary - length % boundary) % boundary;
        ensure(padding);
        length += padding;
        return this;
    }

    private void putU32(int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) (value >>> 16);
        bytes[at + 3] = (byte) (value >>> 24);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            byte[] bigger = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            Arrays.fill(bytes, (byte) 0);
            bytes = bigger;
        }
    }
}
