package dev.orgsso.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UsedAssertionsTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    @DisplayName("Given an assertion valid for five more minutes, then its ID is kept until then plus a minute of clock skew")
    void keptWhileValid() {
        assertEquals(360, UsedAssertions.keepSeconds(NOW, NOW.plusSeconds(300)));
    }

    @Test
    @DisplayName("Given Entra's hour-long assertion, then its ID is kept the whole hour: a replay at minute 30 is still refused")
    void keptForAnHour() {
        assertEquals(3660, UsedAssertions.keepSeconds(NOW, NOW.plusSeconds(3600)));
    }

    @Test
    @DisplayName("Given an expired assertion, then the ID is kept a minute; given none or a far one, at most a day")
    void bounded() {
        assertEquals(UsedAssertions.MIN_SECONDS, UsedAssertions.keepSeconds(NOW, NOW.minusSeconds(600)));
        assertEquals(UsedAssertions.MAX_SECONDS, UsedAssertions.keepSeconds(NOW, null));
        assertEquals(UsedAssertions.MAX_SECONDS, UsedAssertions.keepSeconds(NOW, NOW.plusSeconds(30L * 24 * 3600)));
    }
}
