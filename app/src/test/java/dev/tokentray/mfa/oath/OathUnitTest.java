package dev.tokentray.mfa.oath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host-side arithmetic of YKOATH, against the published vectors (DESIGN §8). */
class OathUnitTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void passwordKeysMatchTheYkoathVectors() {
        assertEquals("b07da1e7de87f89a87a2b598eaa2188c",
                HEX.formatHex(PasswordKey.derive("foobar".toCharArray(), new byte[8])));
        assertEquals("da818e6b2cf0a2d0bf19b3ddd34b83f5",
                HEX.formatHex(PasswordKey.derive("Hallå världen!".toCharArray(),
                        "12345678".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void truncatedResponsesBecomeZeroPaddedCodes() {
        // Digits byte, then the 31-bit dynamic truncation of RFC 4226 §5.4's example (0x50ef7f19).
        assertEquals("872921", OathApplet.code(HEX.parseHex("0650ef7f19")));
        // A YubiKey that already reduced the value: reducing again changes nothing; leading zeros stay.
        assertEquals("07081804", OathApplet.code(HEX.parseHex("08006c0f4c")));
        // The top bit is masked off.
        assertEquals(OathApplet.code(HEX.parseHex("0650ef7f19")), OathApplet.code(HEX.parseHex("06d0ef7f19")));
    }

    @Test
    void timeChallengeIsTheBigEndianStepNumber() {
        assertArrayEquals(HEX.parseHex("0000000000000001"), OathApplet.timeChallenge(59, 30));
        assertArrayEquals(HEX.parseHex("00000000023523ec"), OathApplet.timeChallenge(1111111109, 30));
        assertArrayEquals(HEX.parseHex("00000000011a91f6"), OathApplet.timeChallenge(1111111109, 60));
    }

    @Test
    void credentialIdsSplitIntoPeriodIssuerAndName() {
        OathCredential c = OathCredential.fromId("60/Amazon Web Services:alice@123", true, "SHA1", 6, false);
        assertEquals(60, c.period());
        assertEquals("Amazon Web Services", c.issuer());
        assertEquals("alice@123", c.name());
        OathCredential plain = OathCredential.fromId("bob", true, "SHA1", 6, false);
        assertEquals(30, plain.period());
        assertNull(plain.issuer());
        assertEquals("bob", plain.label());
    }

    @Test
    void tlvLongLengthsRoundTrip() {
        byte[] value = new byte[300];
        value[299] = 7;
        List<Tlv> parsed = Tlv.parse(Tlv.concat(Tlv.encode(0x71, new byte[] {1}), Tlv.encode(0x72, value),
                Tlv.encode(0x73, new byte[200])));
        assertEquals(3, parsed.size());
        assertArrayEquals(value, parsed.get(1).value());
        assertEquals(200, parsed.get(2).value().length);
    }

    private static final OathKey KEY = new OathKey("12345678", "Yubico YubiKey OTP+FIDO+CCID 00 00", "5.4.3", false,
            List.of());

    private static OathCredential totp(String id) {
        return OathCredential.fromId(id, true, "SHA1", 6, false);
    }

    @Test
    void accountMatchPrefersTheExplicitAccount() {
        List<OathCredential> accounts = List.of(totp("GitHub:alice"), totp("Amazon Web Services:alice@111111111111"));
        assertEquals("GitHub:alice", AccountMatch.pick(KEY, accounts, "GitHub:alice", "arn:aws:iam::111111111111:mfa/alice").id());
        assertEquals("GitHub:alice", AccountMatch.pick(KEY, accounts, "github:ALICE", null).id());
        OathException unknown = assertThrows(OathException.class, () -> AccountMatch.pick(KEY, accounts, "carol", null));
        assertEquals("no OATH account 'carol' on YubiKey 12345678; accounts there: GitHub:alice, "
                + "Amazon Web Services:alice@111111111111", unknown.getMessage());
    }

    @Test
    void accountMatchFindsTheMfaDevicesUser() {
        List<OathCredential> accounts = List.of(totp("GitHub:alice"), totp("Amazon Web Services:alice@111111111111"),
                totp("Amazon Web Services:alice@222222222222"), totp("bob"));
        assertEquals("Amazon Web Services:alice@222222222222",
                AccountMatch.pick(KEY, accounts, null, "arn:aws:iam::222222222222:mfa/alice").id());
        assertEquals("bob", AccountMatch.pick(KEY, accounts, null, "arn:aws:iam::333333333333:mfa/team/bob").id());
        assertEquals("arn:aws:iam::1:mfa/x", AccountMatch.pick(KEY,
                List.of(totp("arn:aws:iam::1:mfa/x"), totp("x")), null, "arn:aws:iam::1:mfa/x").id());
        OathException ambiguous = assertThrows(OathException.class,
                () -> AccountMatch.pick(KEY, accounts, null, "arn:aws:iam::333333333333:mfa/alice"));
        assertTrue(ambiguous.getMessage().startsWith("several OATH accounts on YubiKey 12345678 match MFA device "
                + "arn:aws:iam::333333333333:mfa/alice (GitHub:alice, Amazon Web Services:alice@111111111111, "
                + "Amazon Web Services:alice@222222222222); set yubikey_oath_account"), ambiguous.getMessage());
        OathException none = assertThrows(OathException.class,
                () -> AccountMatch.pick(KEY, accounts, null, "arn:aws:iam::1:mfa/carol"));
        assertEquals("no OATH account on YubiKey 12345678 matches MFA device arn:aws:iam::1:mfa/carol; set "
                + "yubikey_oath_account to one of: GitHub:alice, Amazon Web Services:alice@111111111111, "
                + "Amazon Web Services:alice@222222222222, bob", none.getMessage());
    }
}
