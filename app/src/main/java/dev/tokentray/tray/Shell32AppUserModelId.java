package dev.tokentray.tray;

import com.sun.jna.WString;
import com.sun.jna.platform.win32.Shell32;
import com.sun.jna.platform.win32.W32Errors;
import com.sun.jna.platform.win32.WinNT.HRESULT;

/** The process's AppUserModelID through shell32, by JNA; loaded on Windows only. */
final class Shell32AppUserModelId implements ProcessAppUserModelId {
    @Override
    public void set(String id) {
        HRESULT result = Shell32.INSTANCE.SetCurrentProcessExplicitAppUserModelID(new WString(id));
        if (W32Errors.FAILED(result)) {
            throw new IllegalStateException(String.format("Windows refused the AppUserModelID %s (HRESULT 0x%08x)",
                    id, result.intValue()));
        }
    }
}
