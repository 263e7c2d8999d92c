package dev.tokentray.tray.ui;

import dev.tokentray.core.Countdown;
import dev.tokentray.core.ProfileStatus;
import java.time.Duration;
import java.time.Instant;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One line of the profiles table. The countdown text and the bar are properties the window's
 * single timeline updates once a second; nothing else ticks.
 */
public final class ProfileRow {
    private ProfileStatus status;
    private final ReadOnlyObjectWrapper<ProfileStatus> statusValue = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper identityText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper mfaText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper wiringText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper renewalText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper left = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(0);
    private Duration fullLength = Duration.ZERO;
    private boolean expiring;

    ProfileRow(ProfileStatus status, Instant now) {
        update(status, now);
    }

    void update(ProfileStatus newStatus, Instant now) {
        if (status == null || !java.util.Objects.equals(status.sessionExpires(), newStatus.sessionExpires())) {
            fullLength = Duration.ZERO;
        }
        status = newStatus;
        // Properties fire only when their text changes, so a cell (and its open tooltip) stays put
        // through a reload that changed nothing.
        statusValue.set(newStatus);
        identityText.set(identity());
        mfaText.set(mfaDevice());
        wiringText.set(wiring());
        String note = newStatus.renewalNote(java.time.ZoneId.systemDefault());
        renewalText.set(note == null ? "" : note);
        tick(now);
    }

    /** Moves the countdown to {@code now}. */
    void tick(Instant now) {
        Instant expires = status.sessionExpires();
        if (status.error() != null) {
            set("error", 0, false);
            return;
        }
        if (status.needsKeysOf() != null) {
            set("needs keys", 0, false);
            return;
        }
        if (expires == null || !expires.isAfter(now)) {
            set(expires == null ? "locked" : "expired", 0, false);
            return;
        }
        Duration remaining = Duration.between(now, expires);
        // The bar's full width is the session's length; for an entry that does not record it (one
        // written by an older version), its time left as first seen, rounded up to the hour.
        if (status.sessionLength() != null) {
            fullLength = status.sessionLength();
        } else if (remaining.compareTo(fullLength) > 0) {
            long hours = (remaining.toMinutes() + 59) / 60;
            fullLength = Duration.ofHours(Math.max(1, hours));
        }
        set(Countdown.format(remaining) + (remaining.toHours() == 0 ? String.format(" %02ds", remaining.toSecondsPart()) : ""),
                Math.min(1, (double) remaining.toSeconds() / Math.max(1, fullLength.toSeconds())),
                status.state(now) == ProfileStatus.State.EXPIRING);
    }

    private void set(String text, double bar, boolean soon) {
        expiring = soon;
        left.set(text);
        fraction.set(bar);
    }

    public ProfileStatus status() {
        return status;
    }

    public String profile() {
        return status.profile();
    }

    public boolean expiring() {
        return expiring;
    }

    public boolean live() {
        return fraction.get() > 0;
    }

    /** "role/deploy in 123456789012" for a role, "user keys: vault" otherwise. */
    public String identity() {
        if (status.error() != null) {
            return status.error();
        }
        if (status.needsKeysOf() != null) {
            return status.needsKeysOf().equals(status.profile()) ? "no keys yet: Add keys…"
                    : "no keys yet (" + status.needsKeysOf() + " has none): Add keys…";
        }
        String role = status.roleArn();
        if (role != null) {
            int colon = role.lastIndexOf(':');
            String[] parts = role.split(":");
            return (colon >= 0 ? role.substring(colon + 1) : role) + (parts.length > 4 ? " in " + parts[4] : "");
        }
        return "user keys: " + status.keys();
    }

    /** "wired as P-tokentray" when the AWS CLI reaches this profile through tokentray's wiring, else "". */
    public String wiring() {
        return status.wiredAs().isEmpty() ? "" : "wired as " + String.join(", ", status.wiredAs());
    }

    /**
     * The order of the Time left column: the soonest to expire first, then expired sessions,
     * then locked profiles, then those that cannot be used (in name order within each).
     */
    static final java.util.Comparator<ProfileRow> BY_TIME_LEFT = java.util.Comparator
            .comparingInt(ProfileRow::timeLeftRank)
            .thenComparing(r -> r.status.sessionExpires(), java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
            .thenComparing(ProfileRow::profile);

    private int timeLeftRank() {
        if (status.error() != null) {
            return 3;
        }
        if (status.sessionExpires() == null) {
            return 2;
        }
        return live() ? 0 : 1;
    }

    public ReadOnlyObjectProperty<ProfileStatus> statusProperty() {
        return statusValue.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty identityProperty() {
        return identityText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty mfaProperty() {
        return mfaText.getReadOnlyProperty();
    }

    /** "renewed 10:42 (ahead of expiry) · 15m session, as asked", or empty when nothing is known. */
    public ReadOnlyStringProperty renewalProperty() {
        return renewalText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty wiringProperty() {
        return wiringText.getReadOnlyProperty();
    }

    public String mfaDevice() {
        return status.mfaSerial() == null ? "—" : status.mfaSerial();
    }

    public ReadOnlyStringProperty leftProperty() {
        return left.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty fractionProperty() {
        return fraction.getReadOnlyProperty();
    }
}
