package dev.tokentray.tray.login;

/** Where no login item is built yet (macOS launch agents and the Windows Run key come with the installers). */
final class UnsupportedLoginItem implements LoginItem {
    @Override
    public boolean supported() {
        return false;
    }

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public void set(boolean on) {
        throw new dev.tokentray.TokentrayException("starting at login is not supported on this system yet");
    }
}
