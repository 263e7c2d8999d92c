package dev.tokentray.tray;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Notices the X server going away under the tray (a logout) before Xlib ends the process.
 *
 * <p>JavaFX (through GTK) and AWT each hold a connection to the X server. When the server dies,
 * both toolkit threads find their connection broken at the same moment, and Xlib's handler for a
 * broken connection calls {@code exit(1)} on each of them. Two threads in {@code exit()} at once
 * run the process's exit handlers twice over, and the JVM crashes in libc (SIGSEGV, an
 * hs_err_pid file in the working directory); when only one gets there, the tray vanishes
 * without a word.
 *
 * <p>This installs, after both toolkits have installed theirs, one process-wide handler instead
 * (Xlib keeps a single one for all connections). It never returns, so Xlib never calls
 * {@code exit()}: the first toolkit thread to find its connection broken reports the loss, and
 * every toolkit thread that gets there parks for good, where it can no longer touch the dead
 * connection. The tray then closes its agent and wipes what it holds, and ends the process with
 * {@link #endProcess}: neither a JVM exit nor a halt will do, since both end in libc's
 * {@code exit()}, whose handlers (AWT's shutdown hook before them, the X libraries' destructors in
 * them) wait for the X locks the parked threads hold.
 */
public final class XConnectionLoss {
    /** Xlib's {@code int (*XIOErrorHandler)(Display *)}. */
    interface IoErrorHandler extends Callback {
        int invoke(Pointer display);
    }

    private interface Xlib extends Library {
        IoErrorHandler XSetIOErrorHandler(IoErrorHandler handler);
    }

    private interface Libc extends Library {
        void _exit(int status);
    }

    /** Kept for as long as the process runs: Xlib holds only a native pointer to it. */
    private static volatile IoErrorHandler installed;
    private static Xlib xlib;

    private XConnectionLoss() {
    }

    /**
     * Runs {@code onLoss} once, on the first toolkit thread that finds its connection broken.
     * Call it after both toolkits have connected (each sets its own handler then).
     *
     * @return false when there is no Xlib to hook (not an X desktop, or JNA cannot load it)
     */
    static synchronized boolean watch(Runnable onLoss) {
        if (!XDisplay.drawsThroughX()) {
            return false;
        }
        try {
            // The soname the toolkits loaded; "X11" alone needs the development symlink libX11.so.
            xlib = Native.load("libX11.so.6", Xlib.class);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError notHere) {
            return false;
        }
        AtomicBoolean reported = new AtomicBoolean();
        IoErrorHandler handler = display -> {
            if (reported.compareAndSet(false, true)) {
                onLoss.run();
            }
            parkForGood();
            return 0;
        };
        installed = handler;
        xlib.XSetIOErrorHandler(handler);
        return true;
    }

    /**
     * Puts the tray's handler back over one a toolkit installed after {@link #watch}: AWT's, when
     * its toolkit first starts because the icon moves from a StatusNotifierItem panel to an XEmbed
     * tray. Xlib keeps one handler for the process, and AWT's lets Xlib exit() on a lost connection.
     */
    static synchronized void reassert() {
        if (installed != null) {
            xlib.XSetIOErrorHandler(installed);
        }
    }

    /**
     * Ends the process at once with {@code status}, running no exit handler, after the display
     * was lost; the caller has closed what needs closing and flushed what it printed.
     */
    public static void endProcess(int status) {
        try {
            Native.load("c", Libc.class)._exit(status);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError noLibc) {
            Runtime.getRuntime().halt(status);
        }
    }

    private static void parkForGood() {
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // Returning would hand the thread back to Xlib, which would exit the process.
            }
        }
    }
}
