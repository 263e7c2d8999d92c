package dev.tokentray.mfa.oath;

import java.util.List;

/**
 * A YubiKey with an OATH applet as seen in one reader.
 *
 * @param serial   the serial number (decimal), or null when the key does not tell it over CCID
 * @param reader   the PC/SC reader name
 * @param version  the OATH applet version, e.g. "5.4.3"
 * @param locked   whether the applet is password-protected and was not unlocked
 * @param accounts the credentials, empty when locked
 */
public record OathKey(String serial, String reader, String version, boolean locked, List<OathCredential> accounts) {
    public OathKey {
        accounts = List.copyOf(accounts);
    }

    /** How messages name this key: "YubiKey 12345678", else by its reader. */
    public String describe() {
        return serial != null ? "YubiKey " + serial : "the YubiKey in reader '" + reader + "'";
    }

    OathKey withAccounts(boolean nowLocked, List<OathCredential> list) {
        return new OathKey(serial, reader, version, nowLocked, list);
    }
}
