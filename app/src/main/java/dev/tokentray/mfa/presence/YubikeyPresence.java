package dev.tokentray.mfa.presence;

import java.util.List;
import java.util.function.Consumer;

/**
 * Tells when YubiKeys that can give OATH codes are plugged in or pulled out, so the tray can offer
 * "Unlock with YubiKey". Presence only: codes are read over PC/SC (mfa/oath). One implementation
 * per file.
 */
public interface YubikeyPresence extends AutoCloseable {
    /** A plugged-in key as USB shows it. */
    record Device(int productId, String product) {
    }

    /** Starts watching; {@code onChange} gets the keys present now, first right away, then on each change. */
    void start(Consumer<List<Device>> onChange);

    @Override
    void close();
}
