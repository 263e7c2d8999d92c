package dev.tokentray.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.NativeLongByReference;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What gpg's scdaemon does to a YubiKey: connects to the reader through libpcsclite with
 * SCARD_SHARE_EXCLUSIVE and keeps it. Run as a child process ({@link #hold}); it prints "held"
 * and lets go when its standard input closes.
 */
public final class ExclusiveReaderHolder {
    private static final int SCARD_SCOPE_SYSTEM = 2;
    private static final int SCARD_SHARE_EXCLUSIVE = 1;
    private static final int SCARD_PROTOCOL_T0_OR_T1 = 3;

    private interface PcscLite extends Library {
        // pcsc-lite on Linux: SCARDCONTEXT/SCARDHANDLE are long, DWORD is unsigned long.
        long SCardEstablishContext(NativeLong scope, Pointer r1, Pointer r2, LongByReference context);

        long SCardConnect(long context, String reader, NativeLong share, NativeLong protocols, LongByReference card,
                          NativeLongByReference protocol);
    }

    public static void main(String[] args) throws IOException {
        PcscLite pcsc = Native.load("pcsclite", PcscLite.class);
        LongByReference context = new LongByReference();
        long rv = pcsc.SCardEstablishContext(new NativeLong(SCARD_SCOPE_SYSTEM), null, null, context);
        if (rv != 0) {
            System.out.println("SCardEstablishContext failed: " + Long.toHexString(rv));
            System.exit(1);
        }
        LongByReference card = new LongByReference();
        rv = pcsc.SCardConnect(context.getValue(), args[0], new NativeLong(SCARD_SHARE_EXCLUSIVE),
                new NativeLong(SCARD_PROTOCOL_T0_OR_T1), card, new NativeLongByReference());
        if (rv != 0) {
            System.out.println("SCardConnect failed: " + Long.toHexString(rv));
            System.exit(1);
        }
        System.out.println("held");
        System.out.flush();
        System.in.readAllBytes();
    }

    /** Starts a holder of {@code reader} on {@code pcsc}'s pcscd and waits until it holds it. */
    public static ManagedProcess hold(PcscStack pcsc, String reader) {
        ManagedProcess p = ManagedProcess.start("exclusive-holder", List.of(Project.java().toString(), "-cp",
                Project.testClasspath(), ExclusiveReaderHolder.class.getName(), reader), pcsc.env(), (Path) null);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!p.logText().contains("held")) {
            if (!p.process().isAlive() || Instant.now().isAfter(deadline)) {
                p.close();
                throw new AssertionError("the exclusive holder did not get the reader: " + p.logText());
            }
            FreePort.sleep(20);
        }
        return p;
    }

}
