package dev.tokentray.mfa.oath;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * One card, connected and held in an exclusive transaction until closed, so no other program's
 * APDUs (and no power-off by pcscd) come between SELECT, VALIDATE and CALCULATE. Turns PC/SC
 * failures into one-line errors. Not thread-safe: one worker thread drives it; exchanges of
 * several threads with one reader take turns.
 */
final class CardLink implements AutoCloseable {
    static final int SEND_REMAINING = 0xA5;

    /**
     * Our own exchanges with each reader, one at a time. The JDK hands every thread of a process
     * the same Card for a reader while it is connected, so a second exchange started while an
     * earlier one is still open (a CALCULATE waiting for a touch after its caller took a typed
     * code instead) would get that Card, and the earlier one's disconnect would pull it from under
     * the later one: pcscd then drops the process's whole PC/SC context (seen as
     * SCARD_F_COMM_ERROR). A later exchange waits for its turn instead, within its caller's
     * deadline (the caller interrupts it).
     */
    private static final ConcurrentHashMap<String, Semaphore> TURNS = new ConcurrentHashMap<>();

    private final String reader;
    private final Card card;
    private final CardChannel channel;
    private final Semaphore turn;
    private boolean closed;

    private CardLink(String reader, Card card, Semaphore turn) {
        this.reader = reader;
        this.card = card;
        this.channel = card.getBasicChannel();
        this.turn = turn;
    }

    static CardLink connect(CardTerminal terminal) {
        String reader = terminal.getName();
        Semaphore turn = TURNS.computeIfAbsent(reader, r -> new Semaphore(1));
        try {
            turn.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OathException("stopped waiting for the YubiKey");
        }
        boolean linked = false;
        try {
            Card card;
            try {
                card = terminal.connect("*");
            } catch (CardException e) {
                throw failure(reader, "connect to", e);
            }
            try {
                card.beginExclusive();
            } catch (CardException | RuntimeException e) {
                disconnectQuietly(card);
                throw failure(reader, "lock", e);
            }
            linked = true;
            return new CardLink(reader, card, turn);
        } finally {
            if (!linked) {
                turn.release();
            }
        }
    }

    String reader() {
        return reader;
    }

    /** A response: its data (all chained parts joined) and the final status word. */
    record Reply(byte[] data, int sw) {
        boolean ok() {
            return sw == 0x9000;
        }
    }

    /**
     * Sends one command (with Le 00, as YubiKey tools do) and collects a chained response: while
     * SW1 is 61, SEND REMAINING (A5) and append.
     */
    Reply send(int ins, int p1, int p2, byte[] data) {
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        CommandAPDU command = data == null || data.length == 0 ? new CommandAPDU(0x00, ins, p1, p2, 256)
                : new CommandAPDU(0x00, ins, p1, p2, data, 256);
        try {
            for (int parts = 0; ; parts++) {
                ResponseAPDU r = transmit(command);
                collected.writeBytes(r.getData());
                if (r.getSW1() != 0x61) {
                    return new Reply(collected.toByteArray(), r.getSW());
                }
                if (parts > 1000) {
                    throw new OathException("the card in reader '" + reader + "' keeps sending more data; "
                            + "unplug it and try again");
                }
                command = new CommandAPDU(0x00, SEND_REMAINING, 0x00, 0x00, 256);
            }
        } finally {
            if (data != null) {
                Arrays.fill(data, (byte) 0);
            }
        }
    }

    private ResponseAPDU transmit(CommandAPDU command) {
        try {
            return channel.transmit(command);
        } catch (CardException | IllegalStateException e) {
            throw failure(reader, "talk to", e);
        } catch (IllegalArgumentException e) {
            // The JDK's answer to an empty response: pcscd got nothing back from the card.
            throw failure(reader, "talk to", new IllegalStateException("no response", e));
        }
    }

    /** A PC/SC failure as what the person should do about it. */
    static OathException failure(String reader, String action, Exception e) {
        String code = Pcsc.code(e);
        if (code == null && e instanceof IllegalStateException) {
            code = "SCARD_W_REMOVED_CARD"; // the JDK's "Card has been disconnected"
        }
        if (code == null) {
            return new OathException("cannot " + action + " the card in reader '" + reader + "'; unplug it, plug it "
                    + "in again and retry", e);
        }
        switch (code) {
            case "SCARD_E_SHARING_VIOLATION":
                return new OathException("reader '" + reader + "' is held exclusively by another program (often gpg's "
                        + "scdaemon); close it, e.g. `gpgconf --kill scdaemon`, and try again", e);
            case "SCARD_W_REMOVED_CARD":
            case "SCARD_E_NO_SMARTCARD":
            case "SCARD_W_RESET_CARD":
            case "SCARD_W_UNPOWERED_CARD":
            case "SCARD_W_UNRESPONSIVE_CARD":
            case "SCARD_E_READER_UNAVAILABLE":
            case "SCARD_E_NOT_TRANSACTED":
            case "SCARD_E_COMM_ERROR":
            case "SCARD_F_COMM_ERROR":
                return new OathException("the YubiKey in reader '" + reader + "' was removed or stopped answering "
                        + "during the exchange; plug it in again and retry", e);
            case "SCARD_E_NO_SERVICE":
            case "SCARD_E_SERVICE_STOPPED":
                return Pcsc.noService(e);
            default:
                return new OathException("cannot " + action + " the card in reader '" + reader + "' (" + code
                        + "); unplug it, plug it in again and retry", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            card.endExclusive();
        } catch (CardException | RuntimeException e) {
            // The card is gone or the transaction with it; disconnecting below is all that is left.
        }
        disconnectQuietly(card);
        turn.release();
    }

    private static void disconnectQuietly(Card card) {
        try {
            card.disconnect(false);
        } catch (CardException | RuntimeException e) {
            // Already gone.
        }
    }
}
