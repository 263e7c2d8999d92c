package dev.tokentray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryWatchTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    static ProfileStatus row(String profile, Instant expires) {
        return new ProfileStatus(profile, false, "vault", false, null, null, null, expires, null);
    }

    static List<ExpiryWatch.Kind> kinds(List<ExpiryWatch.Event> events) {
        return events.stream().map(ExpiryWatch.Event::kind).toList();
    }

    @Test
    void renewsBeforeTheFifteenMinuteMarkWarnsAtTheLeadAndSaysExpiredOnceEach() {
        ExpiryWatch watch = new ExpiryWatch();
        Instant expires = T0.plus(Duration.ofMinutes(30));
        List<ProfileStatus> rows = List.of(row("dev", expires));
        assertEquals(List.of(), watch.check(rows, T0, Settings.DEFAULTS));
        assertEquals(List.of(ExpiryWatch.Kind.RENEW), kinds(watch.check(rows, expires.minus(Duration.ofMinutes(17)), Settings.DEFAULTS)));
        assertEquals(List.of(), watch.check(rows, expires.minus(Duration.ofMinutes(16)), Settings.DEFAULTS), "once per session");
        assertEquals(List.of(ExpiryWatch.Kind.EXPIRING), kinds(watch.check(rows, expires.minus(Duration.ofMinutes(10)), Settings.DEFAULTS)));
        assertEquals(List.of(), watch.check(rows, expires.minus(Duration.ofMinutes(9)), Settings.DEFAULTS));
        assertEquals(List.of(ExpiryWatch.Kind.EXPIRED), kinds(watch.check(rows, expires, Settings.DEFAULTS)));
        assertEquals(List.of(), watch.check(rows, expires.plusSeconds(5), Settings.DEFAULTS));
    }

    @Test
    void aRenewedSessionStartsAfreshAndTheLeadTimeIsTheSettings() {
        ExpiryWatch watch = new ExpiryWatch();
        Settings settings = Settings.DEFAULTS.withNotifyLead(Duration.ofMinutes(20)).withAutoRefresh(false);
        Instant first = T0.plus(Duration.ofMinutes(19));
        assertEquals(List.of(ExpiryWatch.Kind.EXPIRING), kinds(watch.check(List.of(row("dev", first)), T0, settings)),
                "no RENEW with auto-refresh off; the notice at 20 minutes");
        Instant second = T0.plus(Duration.ofMinutes(19)).plusSeconds(1);
        assertEquals(List.of(ExpiryWatch.Kind.EXPIRING), kinds(watch.check(List.of(row("dev", second)), T0, settings)));
    }

    @Test
    void aSessionThatWasNeverSeenAliveExpiresSilently() {
        ExpiryWatch watch = new ExpiryWatch();
        assertEquals(List.of(), watch.check(List.of(row("old", T0.minusSeconds(3600)), row("none", null)), T0, Settings.DEFAULTS));
    }
}
