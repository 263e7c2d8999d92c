package dev.tokentray.tray;

import dev.tokentray.Env;
import dev.tokentray.TokentrayException;
import dev.tokentray.tray.notify.FreedesktopNotifier;
import dev.tokentray.tray.notify.Notifiers;
import java.util.function.Consumer;

/**
 * Picks the tray's backend: the StatusNotifierItem one when a panel hosts such items on the session
 * bus (a StatusNotifierWatcher with a registered host answers), AWT's otherwise (XEmbed trays, macOS,
 * Windows). TOKENTRAY_TRAY=sni or awt forces one.
 */
public final class TrayBackends {
    public static final String VARIABLE = "TOKENTRAY_TRAY";

    private TrayBackends() {
    }

    /** A value of TOKENTRAY_TRAY that names no backend: bad usage. */
    public static final class UnknownBackend extends IllegalArgumentException {
        UnknownBackend(String value) {
            super(VARIABLE + "=" + value + " names no tray backend: use sni (StatusNotifierItem) or awt (XEmbed,"
                    + " macOS, Windows), or unset it to pick by the desktop");
        }
    }

    /** The backend for this desktop; {@code log} gets one line when a forced or expected SNI cannot be had. */
    public static TrayBackend choose(Env env, Consumer<String> log) {
        String forced = env.get(VARIABLE);
        if (forced != null && !forced.isEmpty() && !forced.equals("sni") && !forced.equals("awt")) {
            throw new UnknownBackend(forced);
        }
        if ("awt".equals(forced) || !Notifiers.usesFreedesktop(System.getProperty("os.name", ""))) {
            return new AwtTrayBackend();
        }
        String address;
        try {
            address = FreedesktopNotifier.sessionBusAddress(env);
        } catch (TokentrayException noBus) {
            if ("sni".equals(forced)) {
                throw noBus;
            }
            return new AwtTrayBackend();
        }
        if ("sni".equals(forced)) {
            return SniTrayBackend.connect(address, log);
        }
        SniTrayBackend sni;
        try {
            sni = SniTrayBackend.connect(address, log);
        } catch (TokentrayException e) {
            return new AwtTrayBackend();
        }
        if (sni.hostRegistered()) {
            return sni;
        }
        sni.close();
        return new AwtTrayBackend();
    }
}
