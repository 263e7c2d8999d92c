package dev.tokentray.mfa.presence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.hid4java.HidDevice;
import org.hid4java.HidManager;
import org.hid4java.HidServices;
import org.hid4java.HidServicesListener;
import org.hid4java.HidServicesSpecification;
import org.hid4java.ScanMode;
import org.hid4java.event.HidServicesEvent;

/**
 * Presence through hid4java (hidapi): a scan every few seconds, never opening a device, so the
 * keyboard (OTP) and FIDO interfaces stay free for other programs.
 */
public final class Hid4javaPresence implements YubikeyPresence {
    /** Slow enough to cost nothing measurable in an idle tray, quick enough for a person plugging a key in. */
    static final int SCAN_MILLIS = 2000;

    private HidServices services;
    private List<Device> last; // null until the first report, which always goes out

    @Override
    public synchronized void start(Consumer<List<Device>> onChange) {
        HidServicesSpecification spec = new HidServicesSpecification();
        spec.setAutoStart(false);
        spec.setAutoDataRead(false);
        spec.setScanMode(ScanMode.SCAN_AT_FIXED_INTERVAL);
        spec.setScanInterval(SCAN_MILLIS);
        services = HidManager.getHidServices(spec);
        services.addHidServicesListener(new HidServicesListener() {
            @Override
            public void hidDeviceAttached(HidServicesEvent event) {
                report(onChange);
            }

            @Override
            public void hidDeviceDetached(HidServicesEvent event) {
                report(onChange);
            }

            @Override
            public void hidFailure(HidServicesEvent event) {
            }

            @Override
            public void hidDataReceived(HidServicesEvent event) {
            }
        });
        services.start();
        report(onChange);
    }

    private void report(Consumer<List<Device>> onChange) {
        List<Device> now;
        synchronized (this) {
            if (services == null) {
                return;
            }
            // One key shows several HID interfaces (OTP keyboard, FIDO): one entry per key kind.
            Set<Device> keys = new LinkedHashSet<>();
            for (HidDevice d : services.getAttachedHidDevices()) {
                if (YubicoUsbIds.givesOathCodes(d.getVendorId(), d.getProductId())) {
                    keys.add(new Device(d.getProductId(), d.getProduct() != null ? d.getProduct() : "YubiKey"));
                }
            }
            now = new ArrayList<>(keys);
            if (now.equals(last)) {
                return;
            }
            last = now;
        }
        onChange.accept(List.copyOf(now));
    }

    @Override
    public synchronized void close() {
        if (services != null) {
            services.shutdown();
            services = null;
        }
    }
}
