package dev.tokentray.tray;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The tray icon for each state: a key whose bow is a dial (the shape of icons/tokentray.svg),
 * coloured by state, so the state reads at a glance at 16-24 px.
 */
public final class TrayIcons {
    /** What the icon says. */
    public enum State {
        LOCKED(new Color(0x8a8f98)), LIVE(new Color(0x2e9d4f)), EXPIRING(new Color(0xf0a000)), ERROR(new Color(0xd13438));

        final Color colour;

        State(Color colour) {
            this.colour = colour;
        }
    }

    private TrayIcons() {
    }

    public static BufferedImage draw(State state, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float s = size / 64f;
        g.scale(s, s);
        g.setColor(state.colour);
        g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawOval(8, 18, 28, 28);
        g.drawLine(36, 32, 58, 32);
        g.drawLine(50, 32, 50, 42);
        g.drawLine(57, 32, 57, 40);
        g.setStroke(new BasicStroke(4, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(22, 32, 22, 25);
        g.drawLine(22, 32, 28, 32);
        g.dispose();
        return image;
    }
}
