package dev.tokentray.mfa.oath;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YKOATH commands (Yubico's public OATH applet protocol) on a held card, plus reading the
 * serial from the management (or OTP) applet. Status words that need a person's action become
 * {@link OathException}s here; the caller names the key.
 */
final class OathApplet {
    static final byte[] AID = {(byte) 0xA0, 0x00, 0x00, 0x05, 0x27, 0x21, 0x01};
    private static final byte[] MANAGEMENT_AID = {(byte) 0xA0, 0x00, 0x00, 0x05, 0x27, 0x47, 0x11, 0x17};
    private static final byte[] OTP_AID = {(byte) 0xA0, 0x00, 0x00, 0x05, 0x27, 0x20, 0x01};

    static final int INS_SELECT = 0xA4;
    static final int INS_LIST = 0xA1;
    static final int INS_CALCULATE = 0xA2;
    static final int INS_VALIDATE = 0xA3;
    static final int INS_CALCULATE_ALL = 0xA4;

    static final int TAG_NAME = 0x71;
    static final int TAG_NAME_LIST = 0x72;
    static final int TAG_CHALLENGE = 0x74;
    static final int TAG_RESPONSE = 0x75;
    static final int TAG_TRUNCATED = 0x76;
    static final int TAG_HOTP = 0x77;
    static final int TAG_VERSION = 0x79;
    static final int TAG_ALGORITHM = 0x7B;
    static final int TAG_TOUCH = 0x7C;

    static final int SW_SECURITY_STATUS = 0x6982;
    static final int SW_CONDITIONS_NOT_SATISFIED = 0x6985;
    static final int SW_WRONG_DATA = 0x6A80;
    static final int SW_NO_SUCH_OBJECT = 0x6984;

    private final CardLink link;

    OathApplet(CardLink link) {
        this.link = link;
    }

    /** What SELECT tells: version, salt, and when a password is set the challenge to answer. */
    record Selected(String version, byte[] salt, byte[] challenge) {
        boolean locked() {
            return challenge != null;
        }
    }

    /** SELECT the OATH applet; null when the card has none. */
    Selected select() {
        CardLink.Reply r = link.send(INS_SELECT, 0x04, 0x00, AID.clone());
        if (!r.ok()) {
            return null;
        }
        List<Tlv> tlvs = parse(r.data(), "SELECT");
        byte[] version = Tlv.find(tlvs, TAG_VERSION);
        byte[] salt = Tlv.find(tlvs, TAG_NAME);
        // The salt keys the password derivation (PBKDF2 refuses an empty one): a real key sends 8 bytes.
        if (salt == null || salt.length == 0) {
            throw protocol("SELECT without a salt");
        }
        return new Selected(version == null ? "?" : dotted(version), salt, Tlv.find(tlvs, TAG_CHALLENGE));
    }

    /** The serial from the management applet's config, else from the OTP applet; null if neither tells. */
    String readSerial() {
        CardLink.Reply r = link.send(INS_SELECT, 0x04, 0x00, MANAGEMENT_AID.clone());
        if (r.ok()) {
            CardLink.Reply config = link.send(0x1D, 0x00, 0x00, null);
            if (config.ok() && config.data().length > 1) {
                byte[] d = config.data();
                int length = Math.min(d[0] & 0xFF, d.length - 1);
                try {
                    byte[] serial = Tlv.find(Tlv.parse(java.util.Arrays.copyOfRange(d, 1, 1 + length)), 0x02);
                    if (serial != null && serial.length == 4) {
                        return Long.toString(ByteBuffer.wrap(serial).getInt() & 0xFFFFFFFFL);
                    }
                } catch (IllegalArgumentException e) {
                    // A config we cannot read: try the OTP applet.
                }
            }
        }
        r = link.send(INS_SELECT, 0x04, 0x00, OTP_AID.clone());
        if (r.ok()) {
            CardLink.Reply serial = link.send(0x01, 0x10, 0x00, null);
            if (serial.ok() && serial.data().length == 4) {
                return Long.toString(ByteBuffer.wrap(serial.data()).getInt() & 0xFFFFFFFFL);
            }
        }
        return null;
    }

    /** VALIDATE with the derived key; false on 6A80 (wrong password). Verifies the card's answer too. */
    boolean validate(byte[] key, byte[] cardChallenge, byte[] hostChallenge) {
        byte[] response = PasswordKey.hmacSha1(key, cardChallenge);
        byte[] data = Tlv.concat(Tlv.encode(TAG_RESPONSE, response), Tlv.encode(TAG_CHALLENGE, hostChallenge));
        PasswordKey.wipe(response);
        CardLink.Reply r = link.send(INS_VALIDATE, 0x00, 0x00, data);
        if (r.sw() == SW_WRONG_DATA) {
            return false;
        }
        requireOk(r, "VALIDATE");
        byte[] cardAnswer = Tlv.find(parse(r.data(), "VALIDATE"), TAG_RESPONSE);
        byte[] expected = PasswordKey.hmacSha1(key, hostChallenge);
        boolean genuine = cardAnswer != null && java.security.MessageDigest.isEqual(expected, cardAnswer);
        PasswordKey.wipe(expected);
        if (!genuine) {
            throw new OathException("the card in reader '" + link.reader() + "' accepted the OATH password but "
                    + "answered the check wrongly; it may not be a genuine YubiKey; unplug it");
        }
        return true;
    }

    /** LIST: every credential's id, type and algorithm (digits and touch come from CALCULATE ALL). */
    List<OathCredential> list() {
        CardLink.Reply r = link.send(INS_LIST, 0x00, 0x00, null);
        requireOk(r, "LIST");
        List<OathCredential> out = new ArrayList<>();
        for (Tlv t : parse(r.data(), "LIST")) {
            if (t.tag() == TAG_NAME_LIST && t.value().length >= 1) {
                int kind = t.value()[0] & 0xFF;
                String id = new String(t.value(), 1, t.value().length - 1, StandardCharsets.UTF_8);
                out.add(OathCredential.fromId(id, (kind & 0xF0) == 0x20, algorithm(kind & 0x0F), 0, false));
            }
        }
        return out;
    }

    /** What CALCULATE ALL says about one credential. */
    record AllEntry(int digits, boolean touch, boolean hotp) {
    }

    /** CALCULATE ALL (truncated): per credential id its digits and whether it needs a touch. */
    Map<String, AllEntry> calculateAll(byte[] challenge) {
        CardLink.Reply r = link.send(INS_CALCULATE_ALL, 0x00, 0x01, Tlv.encode(TAG_CHALLENGE, challenge));
        requireOk(r, "CALCULATE ALL");
        Map<String, AllEntry> out = new LinkedHashMap<>();
        String name = null;
        for (Tlv t : parse(r.data(), "CALCULATE ALL")) {
            if (t.tag() == TAG_NAME) {
                name = new String(t.value(), StandardCharsets.UTF_8);
            } else if (name != null) {
                int digits = t.value().length > 0 ? t.value()[0] & 0xFF : 0;
                out.put(name, new AllEntry(digits, t.tag() == TAG_TOUCH, t.tag() == TAG_HOTP));
                name = null;
            }
        }
        return out;
    }

    /** CALCULATE (truncated) of one credential: the formatted code. */
    String calculate(String id, byte[] challenge) {
        byte[] data = Tlv.concat(Tlv.encode(TAG_NAME, id.getBytes(StandardCharsets.UTF_8)),
                Tlv.encode(TAG_CHALLENGE, challenge));
        CardLink.Reply r = link.send(INS_CALCULATE, 0x00, 0x01, data);
        if (r.sw() == SW_SECURITY_STATUS || r.sw() == SW_CONDITIONS_NOT_SATISFIED) {
            throw new TouchTimeoutException("the YubiKey was not touched in time for '" + id + "'; try again and "
                    + "touch it when it blinks");
        }
        if (r.sw() == SW_NO_SUCH_OBJECT) {
            throw new OathException("OATH account '" + id + "' disappeared from the YubiKey; list the accounts with "
                    + "`tokentray yubikey list`");
        }
        requireOk(r, "CALCULATE");
        byte[] truncated = Tlv.find(parse(r.data(), "CALCULATE"), TAG_TRUNCATED);
        if (truncated == null || truncated.length != 5) {
            throw protocol("CALCULATE without a truncated code");
        }
        return code(truncated);
    }

    /** Code = (uint32 & 0x7FFFFFFF) mod 10^digits, zero-padded; the first byte is the digits. */
    static String code(byte[] truncated) {
        int digits = truncated[0] & 0xFF;
        if (digits < 6 || digits > 10) {
            throw new OathException("the YubiKey answered a code with " + digits + " digits; unplug it and retry");
        }
        long value = ByteBuffer.wrap(truncated, 1, 4).getInt() & 0x7FFFFFFFL;
        long mod = 1;
        for (int i = 0; i < digits; i++) {
            mod *= 10;
        }
        String s = Long.toString(value % mod);
        return "0".repeat(digits - s.length()) + s;
    }

    /** The TOTP challenge: the 8-byte big-endian number of periods since the epoch. */
    static byte[] timeChallenge(long unixSeconds, int period) {
        return ByteBuffer.allocate(8).putLong(Math.floorDiv(unixSeconds, period)).array();
    }

    static String algorithm(int low) {
        switch (low) {
            case 1:
                return "SHA1";
            case 2:
                return "SHA256";
            case 3:
                return "SHA512";
            default:
                return "unknown";
        }
    }

    private void requireOk(CardLink.Reply r, String command) {
        if (r.sw() == SW_SECURITY_STATUS) {
            throw new OathException("the OATH applet on the YubiKey in reader '" + link.reader() + "' is locked with "
                    + "a password; give the OATH password");
        }
        if (!r.ok()) {
            throw new OathException("the YubiKey in reader '" + link.reader() + "' answered " + command + " with status "
                    + HexFormat.of().toHexDigits((short) r.sw()).toUpperCase() + "; unplug it, plug it in again and retry");
        }
    }

    private List<Tlv> parse(byte[] data, String command) {
        try {
            return Tlv.parse(data);
        } catch (IllegalArgumentException e) {
            throw protocol("a malformed answer to " + command);
        }
    }

    private OathException protocol(String what) {
        return new OathException("the card in reader '" + link.reader() + "' sent " + what + "; it does not speak "
                + "YKOATH as expected; unplug it and retry");
    }

    private static String dotted(byte[] version) {
        StringBuilder s = new StringBuilder();
        for (byte b : version) {
            s.append(s.length() == 0 ? "" : ".").append(b & 0xFF);
        }
        return s.toString();
    }
}
