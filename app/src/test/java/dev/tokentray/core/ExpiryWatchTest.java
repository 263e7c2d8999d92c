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

    /**
     * The rule is "at most this much left": a session with 17 min left is renewed, one with a
     * second (or a nanosecond) more is not yet; the same for the notice at the 10-minute lead and
     * for "expired" at the instant of expiry. Each step is a fresh watch, so no event is hidden by
     * having fired before.
     */
    @Test
    void eachEventFiresAtExactlyItsBoundaryAndNotASecondBefore() {
        Instant expires = T0.plus(Duration.ofHours(1));
        List<ProfileStatus> rows = List.of(row("dev", expires));
        Duration renew = Duration.ofMinutes(17);
        Duration notice = Duration.ofMinutes(10);
        assertEquals(renew, ExpiryWatch.RENEW_BEFORE, "renewal 17 minutes before expiry, as README says");
        assertEquals(notice, Settings.DEFAULTS.notifyLead());

        assertEquals(List.of(), kinds(new ExpiryWatch().check(rows, expires.minus(renew).minusSeconds(1), Settings.DEFAULTS)),
                "17 min + 1 s left: not yet");
        assertEquals(List.of(), kinds(new ExpiryWatch().check(rows, expires.minus(renew).minusNanos(1), Settings.DEFAULTS)),
                "17 min + 1 ns left: not yet");
        assertEquals(List.of(ExpiryWatch.Kind.RENEW), kinds(new ExpiryWatch().check(rows, expires.minus(renew), Settings.DEFAULTS)),
                "17 min left: renew");

        assertEquals(List.of(ExpiryWatch.Kind.RENEW),
                kinds(new ExpiryWatch().check(rows, expires.minus(notice).minusSeconds(1), Settings.DEFAULTS)),
                "10 min + 1 s left: renew (it is under 17) but no notice yet");
        assertEquals(List.of(ExpiryWatch.Kind.RENEW),
                kinds(new ExpiryWatch().check(rows, expires.minus(notice).minusNanos(1), Settings.DEFAULTS)),
                "10 min + 1 ns left: no notice yet");
        assertEquals(List.of(ExpiryWatch.Kind.RENEW, ExpiryWatch.Kind.EXPIRING),
                kinds(new ExpiryWatch().check(rows, expires.minus(notice), Settings.DEFAULTS)), "10 min left: the notice");

        Settings noRefresh = Settings.DEFAULTS.withAutoRefresh(false);
        assertEquals(List.of(), kinds(new ExpiryWatch().check(rows, expires.minus(notice).minusSeconds(1), noRefresh)),
                "without auto-refresh, 10 min + 1 s left: nothing");
        assertEquals(List.of(ExpiryWatch.Kind.EXPIRING), kinds(new ExpiryWatch().check(rows, expires.minus(notice), noRefresh)),
                "without auto-refresh, 10 min left: only the notice");

        ExpiryWatch watch = new ExpiryWatch();
        watch.check(rows, expires.minus(notice), noRefresh);
        assertEquals(List.of(), kinds(watch.check(rows, expires.minusNanos(1), noRefresh)), "1 ns left: not expired yet");
        assertEquals(List.of(ExpiryWatch.Kind.EXPIRED), kinds(watch.check(rows, expires, noRefresh)), "expired at the instant");
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

    /**
     * A 15-minute session (`unlock --duration 15m`) is not renewed the moment it is made although
     * all of it is under 17 minutes: renewal and the notice come at the same share of its length as
     * for an hour-long session (17/60 and 10/60 of it: 4m15s and 2m30s before its end).
     */
    @Test
    void aSessionShorterThanAnHourIsRenewedAndWarnedAboutAtItsShareOfTheMargins() {
        Instant expires = T0.plus(Duration.ofMinutes(15));
        List<ProfileStatus> rows = List.of(new ProfileStatus("dev", false, "vault", false, null, null, null, expires,
                null).withSessionMade(new ProfileStatus.SessionMade(Duration.ofMinutes(15), Duration.ofMinutes(15), null, null)));
        ExpiryWatch watch = new ExpiryWatch();
        assertEquals(List.of(), kinds(watch.check(rows, T0, Settings.DEFAULTS)), "just made: nothing");
        assertEquals(List.of(), kinds(watch.check(rows, expires.minusSeconds(256), Settings.DEFAULTS)), "4m16s left");
        assertEquals(List.of(ExpiryWatch.Kind.RENEW), kinds(watch.check(rows, expires.minusSeconds(255), Settings.DEFAULTS)));
        assertEquals(List.of(), kinds(watch.check(rows, expires.minusSeconds(151), Settings.DEFAULTS)));
        assertEquals(List.of(ExpiryWatch.Kind.EXPIRING), kinds(watch.check(rows, expires.minusSeconds(150), Settings.DEFAULTS)));
    }
}
