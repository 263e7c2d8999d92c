package dev.tokentray.mfa.oath;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One BER-style tag-length-value of the YKOATH protocol (one-byte tags, short or 0x81/0x82 lengths). */
record Tlv(int tag, byte[] value) {
    static byte[] encode(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 4);
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else if (value.length <= 0xFF) {
            out.write(0x81);
            out.write(value.length);
        } else {
            out.write(0x82);
            out.write(value.length >> 8);
            out.write(value.length & 0xFF);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Every TLV in {@code data}, in order. A truncated one, or a length in a form YKOATH does not
     * use (0x80, 0x83 and above), is a protocol error.
     */
    static List<Tlv> parse(byte[] data) {
        List<Tlv> out = new ArrayList<>();
        int i = 0;
        while (i < data.length) {
            if (i + 2 > data.length) {
                throw new IllegalArgumentException("truncated TLV");
            }
            int tag = data[i++] & 0xFF;
            int length = data[i++] & 0xFF;
            if (length >= 0x80) {
                int lengthBytes = length - 0x80;
                if (lengthBytes < 1 || lengthBytes > 2) {
                    throw new IllegalArgumentException("unsupported TLV length form");
                }
                if (i + lengthBytes > data.length) {
                    throw new IllegalArgumentException("truncated TLV");
                }
                length = 0;
                for (int k = 0; k < lengthBytes; k++) {
                    length = length << 8 | data[i++] & 0xFF;
                }
            }
            if (length > data.length - i) {
                throw new IllegalArgumentException("truncated TLV");
            }
            out.add(new Tlv(tag, Arrays.copyOfRange(data, i, i + length)));
            i += length;
        }
        return out;
    }

    /** The value of the first TLV with {@code tag}, or null. */
    static byte[] find(List<Tlv> tlvs, int tag) {
        for (Tlv t : tlvs) {
            if (t.tag == tag) {
                return t.value;
            }
        }
        return null;
    }
}
