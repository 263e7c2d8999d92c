package dev.tokentray.fs;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Named pipes (FIFOs), which the JDK can open but not create: {@code mkfifo(3)} through JNA.
 * Only where tokentray's FIFO transport is tested, Linux; elsewhere {@link #supported()} is false.
 */
public final class Fifos {
    /** The one libc call needed. */
    private interface Libc extends Library {
        int mkfifo(String path, int mode);
    }

    /** Loaded on first use, so that processes that never make a FIFO never load JNA. */
    private static final class Holder {
        static final Libc LIBC = Native.load("c", Libc.class);
    }

    private Fifos() {
    }

    public static boolean supported() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /** Creates a FIFO at {@code path} that only its owner may open (mode 0600). */
    public static void make(Path path) throws IOException {
        if (!supported()) {
            throw new IOException("named pipes are not used on " + System.getProperty("os.name"));
        }
        try {
            if (Holder.LIBC.mkfifo(path.toString(), 0600) != 0) {
                throw new IOException("cannot create the named pipe " + path + " (errno " + Native.getLastError() + ")");
            }
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IOException("cannot create the named pipe " + path + ": " + e.getMessage(), e);
        }
    }
}
