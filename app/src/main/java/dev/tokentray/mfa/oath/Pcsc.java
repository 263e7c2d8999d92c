package dev.tokentray.mfa.oath;

import java.lang.reflect.Field;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;

/**
 * The JDK's PC/SC readers, with the two things the JDK gets wrong for us fixed: its own answer to
 * SW 61xx (GET RESPONSE, which the OATH applet refuses) is switched off, and its one process-wide
 * PC/SC context, which goes stale for good when pcscd restarts (e.g. after its socket-activated
 * instance exits), is re-established. The latter needs
 * {@code --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED}, which bin/tokentray
 * passes to the tray only: a short CLI run starts with a fresh context, and the flag would slow
 * every shim start.
 */
final class Pcsc {
    private static boolean configured;

    private Pcsc() {
    }

    /** Must run before the first PC/SC call: the JDK reads these once. */
    static synchronized void configure() {
        if (!configured) {
            System.setProperty("sun.security.smartcardio.t0GetResponse", "false");
            System.setProperty("sun.security.smartcardio.t1GetResponse", "false");
            configured = true;
        }
    }

    /** Every reader pcscd knows, re-establishing a stale context once. */
    static synchronized List<CardTerminal> readers() {
        configure();
        try {
            return list();
        } catch (StaleContext e) {
            resetContext();
            try {
                return list();
            } catch (StaleContext again) {
                throw noService(again.getCause());
            }
        }
    }

    private static List<CardTerminal> list() {
        TerminalFactory factory;
        try {
            factory = TerminalFactory.getInstance("PC/SC", null);
        } catch (NoSuchAlgorithmException e) {
            throw noService(e);
        }
        try {
            return factory.terminals().list();
        } catch (CardException e) {
            String code = code(e);
            if ("SCARD_E_NO_READERS_AVAILABLE".equals(code)) {
                return List.of();
            }
            if (isStale(code)) {
                throw new StaleContext(e);
            }
            throw new OathException("cannot list the smart-card readers (" + (code == null ? "PC/SC error" : code)
                    + "); restart pcscd and try again", e);
        }
    }

    static boolean isStale(String code) {
        return "SCARD_E_SERVICE_STOPPED".equals(code) || "SCARD_E_INVALID_HANDLE".equals(code)
                || "SCARD_E_NO_SERVICE".equals(code);
    }

    /** The JDK keeps one SCARDCONTEXT and the terminals made with it in statics: drop both. */
    private static void resetContext() {
        try {
            Class<?> terminals = Class.forName("sun.security.smartcardio.PCSCTerminals");
            Field context = terminals.getDeclaredField("contextId");
            context.setAccessible(true);
            context.setLong(null, 0L);
            Field cache = terminals.getDeclaredField("terminals");
            cache.setAccessible(true);
            ((Map<?, ?>) cache.get(null)).clear();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new OathException("the PC/SC service (pcscd) restarted since tokentray started and Java cannot "
                    + "reconnect to it; restart tokentray", e);
        }
    }

    static OathException noService(Throwable cause) {
        return new OathException("no PC/SC service: pcscd is not running; start it (e.g. `sudo systemctl start "
                + "pcscd.socket`) or install it (Debian/Ubuntu: pcscd)", cause);
    }

    /** The SCARD_* name the JDK put in a PCSCException somewhere in the causes, or null. */
    static String code(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                int i = m.indexOf("SCARD_");
                if (i >= 0) {
                    int end = i;
                    while (end < m.length() && (Character.isLetterOrDigit(m.charAt(end)) || m.charAt(end) == '_')) {
                        end++;
                    }
                    return m.substring(i, end);
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static final class StaleContext extends RuntimeException {
        StaleContext(Throwable cause) {
            super(cause);
        }
    }
}
