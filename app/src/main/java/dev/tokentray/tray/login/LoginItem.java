package dev.tokentray.tray.login;

/** Starting the tray when the person logs in; one implementation per OS. */
public interface LoginItem {
    boolean supported();

    boolean enabled();

    void set(boolean on);

    /** The implementation for this OS, or one that says it is not supported. */
    static LoginItem forThisOs(dev.tokentray.Env env, String launcher) {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("linux") || os.contains("bsd")) {
            return new XdgAutostart(env, launcher);
        }
        return new UnsupportedLoginItem();
    }
}
