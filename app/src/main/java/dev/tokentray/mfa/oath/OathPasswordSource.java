package dev.tokentray.mfa.oath;

/**
 * Where the password of a password-protected OATH applet comes from: a prompt, the keyring, or
 * nowhere. The caller wipes the returned array once it has derived the key.
 */
public interface OathPasswordSource {
    /** No password available: a locked applet then fails with a clear error. */
    OathPasswordSource NONE = (key, wrongBefore) -> null;

    /**
     * The OATH password for {@code key}, or null to give up.
     *
     * @param wrongBefore true when the previous answer was rejected by the key
     */
    char[] password(OathKey key, boolean wrongBefore);

    /** The password just given was right (e.g. remember it in the keyring if asked to). */
    default void accepted(OathKey key, char[] password) {
    }

    /** The password just given was wrong (e.g. forget a remembered one). */
    default void rejected(OathKey key) {
    }
}
