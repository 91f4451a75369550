package dev.orgsso.handoff;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class UsedTokensTest {

    private static HandoffClaims token(String jti, long until) {
        return new HandoffClaims("a@acme.test", null, null, null, jti, until);
    }

    @Test
    @DisplayName("Given a token already used and still acceptable, it is a replay")
    void aUsedTokenIsAReplay() {
        List<String> once = UsedTokens.remember(List.of(), token("jti-0123456789abcdef", 1_000), 900);
        assertNull(UsedTokens.remember(once, token("jti-0123456789abcdef", 1_000), 950));
        assertNotNull(UsedTokens.remember(once, token("jti-another-0123456789", 1_000), 950));
    }

    @Test
    @DisplayName("Given entries whose tokens can no longer be accepted, they are dropped on the next write")
    void expiredEntriesAreDropped() {
        List<String> old = UsedTokens.remember(List.of(), token("jti-old-0123456789abc", 1_000), 900);
        List<String> now = UsedTokens.remember(old, token("jti-new-0123456789abc", 2_000), 1_500);
        assertEquals(1, now.size(), now.toString());
        assertEquals(1, UsedTokens.remember(List.of("garbage", "x:notanumber"), token("jti-new-0123456789abc", 2_000), 1_500).size());
    }
}
