package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.core.ProfileStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** What a window row shows of a session that records how it was made. */
class ProfileRowTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:50:00Z");

    private static ProfileStatus quarterHour(Duration left, Instant renewedAt) {
        return new ProfileStatus("quick", false, "vault", false, null, null, null, NOW.plus(left), null)
                .withSessionMade(new ProfileStatus.SessionMade(Duration.ofMinutes(15), Duration.ofMinutes(15), renewedAt,
                        renewedAt == null ? null : "ahead of expiry"));
    }

    @Test
    void theTimeLeftSaysWhenAndWhyTheSessionWasRenewedAndItsBarSpansTheSessionsOwnLength() {
        Instant renewedAt = NOW.minus(Duration.ofMinutes(7));
        ProfileRow row = new ProfileRow(quarterHour(Duration.ofSeconds(450), renewedAt), NOW);
        String hhmm = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault()).format(renewedAt);
        assertEquals("renewed " + hhmm + " (ahead of expiry) · 15m session, as asked", row.renewalProperty().get());
        assertEquals(0.5, row.fractionProperty().get(), 0.001, "7m30s of a 15-minute session, not of an hour");
        assertFalse(row.expiring(), "amber only at its share of the 10 minutes (2m30s)");
        row.tick(NOW.plusSeconds(300));
        assertTrue(row.expiring(), "2m30s left of 15 minutes");
    }

    @Test
    void aFirstSessionSaysOnlyItsLengthAndAnOlderEntryNothing() {
        assertEquals("15m session, as asked", new ProfileRow(quarterHour(Duration.ofMinutes(10), null), NOW)
                .renewalProperty().get());
        ProfileStatus old = new ProfileStatus("old", false, "vault", false, null, null, null, NOW.plus(Duration.ofMinutes(30)),
                null);
        assertEquals("", new ProfileRow(old, NOW).renewalProperty().get(), "no tooltip for an entry without the facts");
    }

    @Test
    void aLongSessionsBarMovesOnlyWhenItVisiblyMovesSoATickRepaintsNothing() {
        ProfileStatus threeHours = new ProfileStatus("long", false, "vault", false, null, null, null,
                NOW.plus(Duration.ofHours(2)), null).withSessionMade(new ProfileStatus.SessionMade(Duration.ofHours(3), null,
                null, null));
        ProfileRow row = new ProfileRow(threeHours, NOW);
        double before = row.fractionProperty().get();
        assertEquals(2.0 / 3, before, 1.0 / 180);
        row.tick(NOW.plusSeconds(1));
        assertEquals(before, row.fractionProperty().get(), 0.0, "a second of three hours is less than half a pixel of the bar");
        row.tick(NOW.plus(Duration.ofMinutes(2)));
        assertTrue(row.fractionProperty().get() < before, "two minutes are more");
        row.tick(NOW.plus(Duration.ofHours(2)).minusSeconds(1));
        assertTrue(row.fractionProperty().get() > 0, "a live session keeps a sliver of bar to its last second");
    }
}
