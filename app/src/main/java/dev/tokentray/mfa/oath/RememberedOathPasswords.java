package dev.tokentray.mfa.oath;

import dev.tokentray.cache.KeyringBackend;
import dev.tokentray.cache.KeyringException;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * OATH passwords kept in the OS keyring once the person agreed to: the keyring is tried first,
 * then {@code asker}; a password the key accepts is stored when {@code remember} says yes (the
 * ticked box, the answered prompt), and a stored one the key refuses is deleted. Never the plain
 * file backend: a password outlives any session and belongs in a real keyring.
 */
public final class RememberedOathPasswords implements OathPasswordSource {
    private final KeyringBackend keyring;
    private final OathPasswordSource asker;
    private final Predicate<OathKey> remember;
    private boolean lastFromKeyring;

    public RememberedOathPasswords(KeyringBackend keyring, OathPasswordSource asker, Predicate<OathKey> remember) {
        this.keyring = "file".equals(keyring.id()) ? null : keyring;
        this.asker = asker;
        this.remember = remember;
    }

    /** The keyring entry of a key: by serial, else by reader (a key that hides its serial). */
    static String entry(OathKey key) {
        return "oath-password:" + (key.serial() != null ? key.serial() : key.reader());
    }

    @Override
    public synchronized char[] password(OathKey key, boolean wrongBefore) {
        if (keyring != null && !wrongBefore) {
            try {
                char[] stored = keyring.load(entry(key));
                if (stored != null) {
                    lastFromKeyring = true;
                    return stored;
                }
            } catch (KeyringException e) {
                // an unreachable keyring is no reason to fail: ask instead
            }
        }
        lastFromKeyring = false;
        char[] asked = asker.password(key, wrongBefore);
        if (asked == null && keyring == null) {
            // The usual advice (enter it once, let the keyring keep it) cannot work here: say so.
            throw new OathException("the OATH applet of " + key.describe() + " is protected by a password and none "
                    + "was given; tokentray keeps OATH passwords only in an OS keyring, not in its file cache: run "
                    + "this in a terminal to type it, or set TOKENTRAY_KEYRING to your OS keyring");
        }
        return asked;
    }

    @Override
    public synchronized void accepted(OathKey key, char[] password) {
        asker.accepted(key, password);
        if (keyring != null && !lastFromKeyring && remember.test(key)) {
            char[] copy = Arrays.copyOf(password, password.length);
            try {
                keyring.store(entry(key), copy);
            } catch (KeyringException e) {
                // not remembered: it will be asked again next time, which is what the person saw before
            } finally {
                Arrays.fill(copy, '\0');
            }
        }
    }

    @Override
    public synchronized void rejected(OathKey key) {
        asker.rejected(key);
        if (keyring != null && lastFromKeyring) {
            try {
                keyring.delete(entry(key));
            } catch (KeyringException e) {
                // stays; the next try asks anyway because wrongBefore is set
            }
        }
    }
}
