package dev.tokentray.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.TokentrayException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FirstCodeWinsTest {
    /** A source that waits until it is interrupted, like a YubiKey waiting for a touch. */
    static final class Waiting implements MfaCodeSource {
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public String code(String profile, String serial, boolean retry) {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        }
    }

    private static MfaCodeSource fixed(String code) {
        return (profile, serial, retry) -> code;
    }

    @Test
    void theFirstCodeIsUsedAndTheOtherSourceIsCancelled() throws Exception {
        Waiting key = new Waiting();
        List<String> notices = new CopyOnWriteArrayList<>();
        String code = new FirstCodeWins(List.of(key, fixed("123456")), notices::add).code("p", "arn:mfa/a", false);
        assertEquals("123456", code);
        assertTrue(key.interrupted.await(5, TimeUnit.SECONDS), "the waiting source was cancelled");
        assertTrue(notices.isEmpty(), notices.toString());
    }

    /** A source that says when it was asked, then answers {@code code} (null: keeps waiting until interrupted). */
    static final class Timed implements MfaCodeSource {
        final String code;
        final long answerAfterMillis;
        volatile long askedAt = -1;

        Timed(String code, long answerAfterMillis) {
            this.code = code;
            this.answerAfterMillis = answerAfterMillis;
        }

        @Override
        public String code(String profile, String serial, boolean retry) {
            askedAt = System.nanoTime();
            try {
                Thread.sleep(answerAfterMillis);
            } catch (InterruptedException e) {
                return null;
            }
            return code;
        }
    }

    /** A key that needs no touch answers within its head start: the person is never asked. */
    @Test
    void aKeyThatAnswersWithinItsHeadStartIsTheOnlySourceAsked() {
        Timed key = new Timed("111111", 200);
        Timed typed = new Timed("222222", 0);
        String code = new FirstCodeWins(List.of(key, typed), n -> { }, MfaSources.KEY_HEAD_START).code("p", "s", false);
        assertEquals("111111", code);
        assertEquals(-1, typed.askedAt, "the person was asked although the key answered within its head start");
    }

    /** A key that takes longer (waiting for a touch) runs alone for the whole head start, then both race. */
    @Test
    void thePersonIsAskedOnlyOnceTheHeadStartIsOver() {
        Waiting key = new Waiting();
        Timed typed = new Timed("222222", 0);
        long start = System.nanoTime();
        String code = new FirstCodeWins(List.of(key, typed), n -> { }, MfaSources.KEY_HEAD_START).code("p", "s", false);
        assertEquals("222222", code);
        long askedAfter = TimeUnit.NANOSECONDS.toMillis(typed.askedAt - start);
        assertTrue(askedAfter >= MfaSources.KEY_HEAD_START.toMillis(), "the person was asked " + askedAfter
                + " ms after the key, within its " + MfaSources.KEY_HEAD_START.toMillis() + " ms head start");
        assertEquals(1500, MfaSources.KEY_HEAD_START.toMillis(), "the head start README promises");
    }

    @Test
    void aFailingSourceIsReportedWhileTheOtherStillAnswers() {
        MfaCodeSource pulled = (profile, serial, retry) -> {
            throw new TokentrayException("no YubiKey is plugged in: insert it, or type the code");
        };
        CountDownLatch failed = new CountDownLatch(1);
        List<String> notices = new CopyOnWriteArrayList<>();
        MfaCodeSource typedAfterTheFailure = (profile, serial, retry) -> {
            try {
                failed.await();
            } catch (InterruptedException e) {
                return null;
            }
            return "654321";
        };
        String code = new FirstCodeWins(List.of(pulled, typedAfterTheFailure), n -> {
            notices.add(n);
            failed.countDown();
        }).code("p", "s", false);
        assertEquals("654321", code);
        assertEquals(List.of("no YubiKey is plugged in: insert it, or type the code"), notices);
    }

    @Test
    void withNoAnswerTheFirstFailureIsTheOneLineTheCallerShows() {
        MfaCodeSource none = fixed(null);
        assertNull(new FirstCodeWins(List.of(none, none), n -> { }).code("p", "s", false));
        MfaCodeSource failing = (profile, serial, retry) -> {
            throw new TokentrayException("touch timed out");
        };
        TokentrayException e = assertThrows(TokentrayException.class,
                () -> new FirstCodeWins(List.of(failing, none), n -> { }).code("p", "s", false));
        assertEquals("touch timed out", e.getMessage());
    }
}
