package dev.tokentray.mfa.oath;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One exchange with one YubiKey's OATH applet, inside one card transaction from {@link
 * OathReader#open} to {@link #close}: SELECT was done, then VALIDATE if locked, LIST, CALCULATE.
 * Every call waits at most {@link #COMMAND_DEADLINE}, a touch at most {@link #TOUCH_DEADLINE}.
 */
public final class OathSession implements AutoCloseable {
    static final Duration COMMAND_DEADLINE = Duration.ofSeconds(20);
    /** Longer than the YubiKey's own touch timeout (about 15 s), after which it answers 6985. */
    static final Duration TOUCH_DEADLINE = Duration.ofSeconds(30);
    private static final int PASSWORD_TRIES = 3;

    private final CardWorker worker;
    private final CardLink link;
    private final OathApplet applet;
    private final Clock clock;
    private final OathApplet.Selected selected;
    private OathKey key;
    private boolean unlocked;
    private List<OathCredential> accounts;
    private Runnable onTouch = () -> {
    };

    OathSession(CardWorker worker, CardLink link, OathApplet.Selected selected, String serial, Clock clock) {
        this.worker = worker;
        this.link = link;
        this.applet = new OathApplet(link);
        this.selected = selected;
        this.clock = clock;
        this.key = new OathKey(serial, link.reader(), selected.version(), selected.locked(), List.of());
    }

    /** The key, with its accounts once {@link #list()} ran. */
    public OathKey key() {
        return key;
    }

    /** Whether the applet has a password that was not given yet. */
    public boolean locked() {
        return selected.locked() && !unlocked;
    }

    /** Called (on the card thread) right before a CALCULATE that waits for a touch. */
    public OathSession onTouch(Runnable callback) {
        this.onTouch = callback == null ? () -> {
        } : callback;
        return this;
    }

    /**
     * Unlocks a password-protected applet. The password is not kept; the caller wipes it.
     *
     * @throws WrongOathPasswordException when the key says the password is wrong (6A80)
     */
    public void validate(char[] password) {
        if (!locked()) {
            return;
        }
        boolean ok = worker.run(COMMAND_DEADLINE, timeout("VALIDATE"), () -> {
            byte[] derived = PasswordKey.derive(password, selected.salt());
            byte[] host = new byte[8];
            new SecureRandom().nextBytes(host);
            try {
                return applet.validate(derived, selected.challenge(), host);
            } finally {
                PasswordKey.wipe(derived);
            }
        });
        if (!ok) {
            throw new WrongOathPasswordException("wrong OATH password for " + key.describe() + "; try again (the "
                    + "password set with `ykman oath access change` or Yubico Authenticator)");
        }
        unlocked = true;
        key = key.withAccounts(false, key.accounts());
    }

    /**
     * Unlocks with passwords from {@code passwords}, asking again after a wrong one (three tries).
     * Does nothing when the applet has no password.
     */
    public void unlock(OathPasswordSource passwords) {
        boolean wrongBefore = false;
        for (int i = 0; locked() && i < PASSWORD_TRIES; i++) {
            char[] password = passwords.password(key, wrongBefore);
            if (password == null) {
                throw new OathException("the OATH applet of " + key.describe() + " is protected by a password and "
                        + "none was given; run `tokentray yubikey list` in a terminal, enter it and let tokentray "
                        + "remember it in the keyring");
            }
            try {
                validate(password);
                passwords.accepted(key, password);
            } catch (WrongOathPasswordException e) {
                passwords.rejected(key);
                wrongBefore = true;
                if (i + 1 == PASSWORD_TRIES) {
                    throw e;
                }
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** Every credential: id, issuer, name, period, algorithm, digits, and whether it needs a touch. */
    public List<OathCredential> list() {
        if (accounts == null) {
            requireUnlocked();
            long now = clock.instant().getEpochSecond();
            accounts = worker.run(COMMAND_DEADLINE, timeout("LIST"), () -> {
                List<OathCredential> listed = applet.list();
                Map<String, OathApplet.AllEntry> all = applet.calculateAll(OathApplet.timeChallenge(now, 30));
                List<OathCredential> merged = new ArrayList<>();
                for (OathCredential c : listed) {
                    OathApplet.AllEntry e = all.get(c.id());
                    merged.add(e == null ? c : c.withCalculateAll(e.digits(), e.touch()));
                }
                return List.copyOf(merged);
            });
            key = key.withAccounts(false, accounts);
        }
        return accounts;
    }

    /** The credential {@code account} names: its id, else its "issuer:name", name or a part of it when unique. */
    public OathCredential credential(String account) {
        List<OathCredential> all = list();
        for (OathCredential c : all) {
            if (c.id().equals(account)) {
                return c;
            }
        }
        for (java.util.function.Predicate<OathCredential> p : List.<java.util.function.Predicate<OathCredential>>of(
                c -> c.label().equals(account), c -> c.name().equals(account),
                c -> c.label().equalsIgnoreCase(account) || c.name().equalsIgnoreCase(account),
                // Like `ykman oath accounts code QUERY`: a unique part of the name will do.
                c -> c.id().toLowerCase(java.util.Locale.ROOT).contains(account.toLowerCase(java.util.Locale.ROOT)))) {
            List<OathCredential> hits = all.stream().filter(p).collect(Collectors.toList());
            if (hits.size() == 1) {
                return hits.get(0);
            }
            if (hits.size() > 1) {
                throw new OathException("OATH account '" + account + "' is ambiguous on " + key.describe()
                        + "; name one of: " + ids(hits));
            }
        }
        throw new OathException("no OATH account '" + account + "' on " + key.describe() + "; accounts there: "
                + (all.isEmpty() ? "(none)" : ids(all)));
    }

    /** The current TOTP code of {@code account}; a touch-required one fires the touch callback first. */
    public String calculate(String account) {
        OathCredential c = credential(account);
        if (!c.totp()) {
            throw new OathException("OATH account '" + c.id() + "' on " + key.describe() + " is HOTP; AWS MFA needs a "
                    + "TOTP account");
        }
        byte[] challenge = OathApplet.timeChallenge(clock.instant().getEpochSecond(), c.period());
        if (!c.touch()) {
            return worker.run(COMMAND_DEADLINE, timeout("CALCULATE"), () -> applet.calculate(c.id(), challenge));
        }
        return worker.run(TOUCH_DEADLINE, key.describe() + " did not answer within " + TOUCH_DEADLINE.toSeconds()
                + " s of asking for a touch; unplug it, plug it in again and retry", () -> {
                    onTouch.run();
                    return applet.calculate(c.id(), challenge);
                });
    }

    /** Ends the card transaction (after a still-running command) and disconnects. */
    @Override
    public void close() {
        worker.shutdownAfter(link::close);
    }

    private void requireUnlocked() {
        if (locked()) {
            throw new OathException("the OATH applet of " + key.describe() + " is protected by a password; give the "
                    + "OATH password first");
        }
    }

    private String timeout(String command) {
        return key.describe() + " did not answer " + command + " within " + COMMAND_DEADLINE.toSeconds() + " s; unplug "
                + "it, plug it in again and retry";
    }

    static String ids(List<OathCredential> list) {
        return list.stream().map(OathCredential::id).collect(Collectors.joining(", "));
    }
}
