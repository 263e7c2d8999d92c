package dev.tokentray.tray.login;

/** A system with none of the login items tokentray knows (XDG autostart, launch agents, the Run key). */
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
        throw new dev.tokentray.TokentrayException("starting at login is not supported on this system");
    }
}
