package dev.tokentray.tray.notify;

import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Graphics2D;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A child JVM for {@link TrayMessageNotifierIT}: puts an icon in the X display's tray, shows a notice
 * through {@link TrayMessageNotifier}, and prints every action event of the icon and every onClick
 * run, until a line "quit" arrives on stdin.
 */
public final class TrayMessageProbe {
    private TrayMessageProbe() {
    }

    public static void main(String[] args) throws Exception {
        AtomicReference<TrayIcon> icon = new AtomicReference<>();
        EventQueue.invokeAndWait(() -> {
            BufferedImage image = new BufferedImage(24, 24, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(0x2E7D32));
            g.fillOval(2, 2, 20, 20);
            g.dispose();
            TrayIcon trayIcon = new TrayIcon(image, "tokentray");
            trayIcon.addActionListener(e -> System.out.println("icon action"));
            try {
                SystemTray.getSystemTray().add(trayIcon);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            icon.set(trayIcon);
        });
        try (Notifier notifier = new TrayMessageNotifier(icon::get)) {
            notifier.show(new Notice("expiring:dev", "dev expires in 10 minutes", "Session ends at 14:05",
                    "Unlock dev", () -> System.out.println("clicked dev on " + Thread.currentThread().getName())));
            System.out.println("shown");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.equals("quit"));
        }
        System.out.flush();
        // AWT's threads are not daemons.
        System.exit(0);
    }
}
