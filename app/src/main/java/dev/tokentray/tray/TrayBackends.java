package dev.tokentray.tray;

import dev.tokentray.Env;
import dev.tokentray.TokentrayException;
import dev.tokentray.tray.notify.FreedesktopNotifier;
import dev.tokentray.tray.notify.Notifiers;
import java.util.function.Consumer;

/**
 * Picks the tray's backend: the StatusNotifierItem one when a panel hosts such items on the session
 * bus (a StatusNotifierWatcher with a registered host answers), AWT's otherwise (XEmbed trays, macOS,
 * Windows); on Linux the icon follows when such a panel starts, restarts or goes away later.
 * TOKENTRAY_TRAY=sni or awt forces one.
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

    /**
     * The backend for this desktop, chosen on a thread of its own while the tray starts; a bad
     * TOKENTRAY_TRAY is refused here, at once.
     */
    public static ChosenTrayBackend chooseInBackground(Env env, Consumer<String> log) {
        checkVariable(env);
        return new ChosenTrayBackend(() -> choose(env, log));
    }

    private static void checkVariable(Env env) {
        String forced = env.get(VARIABLE);
        if (forced != null && !forced.isEmpty() && !forced.equals("sni") && !forced.equals("awt")) {
            throw new UnknownBackend(forced);
        }
    }

    /** The backend for this desktop; {@code log} gets the SNI backend's lines. */
    public static TrayBackend choose(Env env, Consumer<String> log) {
        checkVariable(env);
        String forced = env.get(VARIABLE);
        if ("awt".equals(forced) || !Notifiers.usesFreedesktop(System.getProperty("os.name", ""))) {
            return new AwtTrayBackend();
        }
        String address;
        try {
            address = FreedesktopNotifier.sessionBusAddress(env);
        } catch (TokentrayException noBus) {
            if ("sni".equals(forced)) {
                throw new TokentrayException(VARIABLE + "=sni needs the D-Bus session bus, and there is " + noBus.getMessage()
                        .replaceFirst("^no D-Bus session bus: ", "none: ") + "; unset it for AWT's tray");
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
        return FollowingTrayBackend.following(new AwtTrayBackend(), sni, log);
    }
}
