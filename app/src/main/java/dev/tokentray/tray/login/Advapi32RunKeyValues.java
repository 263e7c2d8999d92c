package dev.tokentray.tray.login;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinReg;
import dev.tokentray.TokentrayException;

/** The Run key through the Windows registry API (advapi32), by JNA; loaded on Windows only. */
final class Advapi32RunKeyValues implements RunKeyValues {
    private static final String WHERE = "HKEY_CURRENT_USER\\" + PATH;

    @Override
    public String get(String name) {
        try {
            return Advapi32Util.registryValueExists(WinReg.HKEY_CURRENT_USER, PATH, name)
                    ? Advapi32Util.registryGetStringValue(WinReg.HKEY_CURRENT_USER, PATH, name) : null;
        } catch (Win32Exception e) {
            throw failed("read", name, e);
        }
    }

    @Override
    public void put(String name, String commandLine) {
        try {
            Advapi32Util.registrySetStringValue(WinReg.HKEY_CURRENT_USER, PATH, name, commandLine);
        } catch (Win32Exception e) {
            throw failed("write", name, e);
        }
    }

    @Override
    public void remove(String name) {
        try {
            if (Advapi32Util.registryValueExists(WinReg.HKEY_CURRENT_USER, PATH, name)) {
                Advapi32Util.registryDeleteValue(WinReg.HKEY_CURRENT_USER, PATH, name);
            }
        } catch (Win32Exception e) {
            throw failed("remove", name, e);
        }
    }

    private static TokentrayException failed(String what, String name, Win32Exception e) {
        return new TokentrayException("cannot " + what + " the value " + name + " in " + WHERE + " (" + e.getMessage().strip()
                + "); check that your account may change its own registry", e);
    }
}
