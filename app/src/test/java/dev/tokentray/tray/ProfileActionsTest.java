package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokentray.core.ProfileStatus;
import dev.tokentray.core.Tokentray;
import dev.tokentray.core.UnlockedState;
import dev.tokentray.testing.TestHome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileActionsTest {
    @TempDir
    Path tmp;

    @Test
    void aSessionWrittenIntoTheCredentialsFileGetsNoRowOrNoticeOfItsOwnInTheTray() {
        TestHome home = new TestHome(tmp)
                .config("[profile dev]\nregion = eu-west-1\n")
                .credentials("[dev-session]\naws_access_key_id = ASIADEVDEVDEVDEVDEV1\naws_secret_access_key = s\n"
                        + "aws_session_token = t\ntokentray_session_of = dev\ntokentray_expiration = 2030-01-02T03:04:05Z\n");
        Tokentray engine = new Tokentray(home.env(), warning -> { });
        List<ProfileStatus> all = engine.overview();
        assertEquals(List.of("dev", "dev-session"), all.stream().map(ProfileStatus::profile).toList());
        ProfileStatus written = all.get(1);
        assertEquals("dev", written.sessionOf());
        assertEquals("session of dev (credentials file)", written.keys());
        assertEquals(Instant.parse("2030-01-02T03:04:05Z"), written.sessionExpires());
        try (UnlockedState state = new UnlockedState(engine, warning -> { })) {
            assertEquals(List.of("dev"), new ProfileActions(engine, state).overview().stream()
                    .map(ProfileStatus::profile).toList(), "the tray watches dev, not its copy");
        }
    }
}
