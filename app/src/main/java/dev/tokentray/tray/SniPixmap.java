package dev.tokentray.tray;

import java.awt.image.BufferedImage;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/**
 * One rendition of an icon as StatusNotifierItem carries it, {@code (iiay)}: width, height and
 * ARGB32 pixels in network byte order, so the host needs no icon theme and the icon can change live.
 */
public final class SniPixmap extends Struct {
    @Position(0)
    public final int width;
    @Position(1)
    public final int height;
    @Position(2)
    public final byte[] argb;

    public SniPixmap(int width, int height, byte[] argb) {
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    public static SniPixmap of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] bytes = new byte[pixels.length * 4];
        for (int i = 0; i < pixels.length; i++) {
            int p = pixels[i];
            bytes[4 * i] = (byte) (p >>> 24);
            bytes[4 * i + 1] = (byte) (p >>> 16);
            bytes[4 * i + 2] = (byte) (p >>> 8);
            bytes[4 * i + 3] = (byte) p;
        }
        return new SniPixmap(w, h, bytes);
    }
}
