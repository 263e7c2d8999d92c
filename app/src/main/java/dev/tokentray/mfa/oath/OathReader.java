package dev.tokentray.mfa.oath;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;

/**
 * Finds YubiKeys with an OATH applet among the PC/SC readers (pcscd on Linux) and opens sessions
 * with them. A YubiKey is its own reader, so "no reader" usually means "no YubiKey plugged in".
 */
public final class OathReader {
    static final Duration CONNECT_DEADLINE = Duration.ofSeconds(20);
    private final Clock clock;

    public OathReader() {
        this(Clock.systemUTC());
    }

    public OathReader(Clock clock) {
        this.clock = clock;
        Pcsc.configure();
    }

    /** Every plugged-in key with an OATH applet; a locked one is listed without accounts. */
    public List<OathKey> keys() {
        return keys(OathPasswordSource.NONE);
    }

    /** Every plugged-in key with an OATH applet, unlocking locked ones with {@code passwords}. */
    public List<OathKey> keys(OathPasswordSource passwords) {
        List<OathKey> out = new ArrayList<>();
        for (String reader : readersWithCards()) {
            try (OathSession s = openIn(reader)) {
                if (s == null) {
                    continue;
                }
                if (s.locked() && passwords != OathPasswordSource.NONE) {
                    s.unlock(passwords);
                }
                if (!s.locked()) {
                    s.list();
                }
                out.add(s.key());
            }
        }
        return out;
    }

    /**
     * Opens the key with {@code serial}, or the only one when null. The session holds the card
     * in a transaction until closed.
     */
    public OathSession open(String serial) {
        List<String> readers = readersWithCards();
        List<String> found = new ArrayList<>();
        List<String> withoutApplet = new ArrayList<>();
        List<OathSession> candidates = new ArrayList<>();
        OathException busy = null;
        try {
            for (String reader : readers) {
                OathSession s;
                try {
                    s = openIn(reader);
                } catch (OathException e) {
                    busy = e;
                    continue;
                }
                if (s == null) {
                    withoutApplet.add(reader);
                    continue;
                }
                found.add(s.key().describe());
                if (serial == null || serial.equals(s.key().serial())) {
                    candidates.add(s);
                } else {
                    s.close();
                }
            }
            if (candidates.size() == 1) {
                return candidates.remove(0);
            }
            if (candidates.size() > 1) {
                throw new OathException("several YubiKeys are plugged in (" + String.join(", ", found) + "); set "
                        + "yubikey_serial in the profile (or use --serial) to pick one");
            }
            if (busy != null) {
                throw busy;
            }
            if (serial != null && !found.isEmpty()) {
                throw new OathException("YubiKey " + serial + " is not plugged in (found: " + String.join(", ", found)
                        + "); plug it in or fix yubikey_serial");
            }
            if (!withoutApplet.isEmpty()) {
                throw new OathException("the card in reader '" + withoutApplet.get(0) + "' has no OATH applet; plug "
                        + "in a YubiKey (with the OATH application enabled: `ykman config usb --enable OATH`)");
            }
            throw new OathException((serial == null ? "no YubiKey" : "YubiKey " + serial + " is not plugged in")
                    + ": no card in the smart-card readers (" + String.join(", ", readers) + "); plug it in");
        } finally {
            candidates.forEach(OathSession::close);
        }
    }

    /** Names of readers with a card, or an error saying there is no reader at all. */
    private List<String> readersWithCards() {
        CardWorker lister = new CardWorker();
        try {
            return lister.run(CONNECT_DEADLINE, "the PC/SC service (pcscd) did not answer within "
                    + CONNECT_DEADLINE.toSeconds() + " s; restart it (e.g. `sudo systemctl restart pcscd`)", () -> {
                        List<CardTerminal> terminals = Pcsc.readers();
                        if (terminals.isEmpty()) {
                            throw new OathException("no YubiKey: there is no smart-card reader; plug in your YubiKey "
                                    + "(with its CCID interface enabled: `ykman config usb --enable-interface CCID`)");
                        }
                        List<String> names = new ArrayList<>();
                        for (CardTerminal t : terminals) {
                            try {
                                if (t.isCardPresent()) {
                                    names.add(t.getName());
                                }
                            } catch (CardException e) {
                                // A reader that cannot tell has no usable card for us.
                            }
                        }
                        if (names.isEmpty()) {
                            throw new OathException("no YubiKey: no card in the smart-card readers ("
                                    + terminals.stream().map(CardTerminal::getName).collect(Collectors.joining(", "))
                                    + "); plug in your YubiKey");
                        }
                        return names;
                    });
        } finally {
            lister.shutdownAfter(() -> {
            });
        }
    }

    /** Connects to the card in {@code reader}, reads its serial, SELECTs OATH; null without the applet. */
    private OathSession openIn(String reader) {
        CardWorker worker = new CardWorker();
        try {
            OathSession session = worker.run(CONNECT_DEADLINE, "reader '" + reader + "' stayed busy for "
                    + CONNECT_DEADLINE.toSeconds() + " s: another program holds the YubiKey (often gpg's scdaemon); "
                    + "close it, e.g. `gpgconf --kill scdaemon`, and try again", () -> {
                        CardTerminal terminal = null;
                        for (CardTerminal t : Pcsc.readers()) {
                            if (t.getName().equals(reader)) {
                                terminal = t;
                            }
                        }
                        if (terminal == null) {
                            throw new OathException("reader '" + reader + "' went away; plug the YubiKey in again");
                        }
                        CardLink link = CardLink.connect(terminal);
                        try {
                            OathApplet applet = new OathApplet(link);
                            String serial = applet.readSerial();
                            OathApplet.Selected selected = applet.select();
                            if (selected == null || Thread.currentThread().isInterrupted()) {
                                // No applet, or the caller stopped waiting: do not keep the card.
                                link.close();
                                return null;
                            }
                            return new OathSession(worker, link, selected, serial, clock);
                        } catch (RuntimeException e) {
                            link.close();
                            throw e;
                        }
                    });
            if (session == null) {
                worker.shutdownAfter(() -> {
                });
            }
            return session;
        } catch (RuntimeException e) {
            worker.shutdownAfter(() -> {
            });
            throw e;
        }
    }
}
