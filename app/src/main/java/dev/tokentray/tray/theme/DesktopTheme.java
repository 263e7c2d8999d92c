package dev.tokentray.tray.theme;

import dev.tokentray.Env;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Whether the desktop asks applications for light or dark windows: one implementation per way an
 * OS says it. A source that cannot tell answers {@link Scheme#LIGHT}, the look every desktop
 * starts with; none throws, so a broken source never keeps a window from opening.
 */
public interface DesktopTheme {
    /** Names a fixed scheme ({@code light} or {@code dark}) instead of the desktop's, e.g. on a desktop that says none. */
    String VARIABLE = "TOKENTRAY_THEME";

    enum Scheme { LIGHT, DARK }

    /** The scheme the desktop asks for now (may ask another process or the session bus: not for every frame). */
    Scheme scheme();

    /**
     * Calls {@code changed} (on a thread of the source's) whenever the desktop's choice changes.
     *
     * @return false when this source cannot tell of changes; then {@link #scheme()} is the way to
     *     see a change, e.g. at each window opening
     */
    default boolean watch(Consumer<Scheme> changed) {
        return false;
    }

    /** The source for the OS named {@code osName} (an {@code os.name} value), or the scheme {@link #VARIABLE} names. */
    static DesktopTheme forOs(String osName, Env env) {
        String fixed = env.get(VARIABLE);
        if (fixed != null) {
            return new FixedTheme(fixed.trim().equalsIgnoreCase("dark") ? Scheme.DARK : Scheme.LIGHT);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return new MacDefaultsTheme(CommandOutput.in(env));
        }
        if (os.startsWith("windows")) {
            return new WindowsRegistryTheme(WindowsRegistryTheme.ADVAPI32);
        }
        return new PortalTheme(env, new GsettingsTheme(CommandOutput.in(env)));
    }

    static DesktopTheme forThisOs(Env env) {
        return forOs(System.getProperty("os.name", ""), env);
    }
}
