package dev.tokentray.tray.theme;

/** One scheme whatever the desktop says: the user's own choice, or a test's. */
public record FixedTheme(Scheme fixed) implements DesktopTheme {
    @Override
    public Scheme scheme() {
        return fixed;
    }
}
