package dev.orgsso.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SetupLinkTest {

    private static final long NOW = Instant.parse("2026-12-01T12:00:00Z").getEpochSecond();

    private static SetupLink link() {
        return new SetupLink("abcdefghijklmnop", SetupLink.Purpose.SETUP, dev.orgsso.core.OrganisationToken.hash("secret"), NOW, NOW + 86_400,
                "it@contoso.test", "vendor-admin", null, null, null, null, null, null);
    }

    @Test
    @DisplayName("Given a link with every field, its attribute values hold it and each fits Keycloak's 255 characters")
    void valuesRoundTrip() {
        SetupLink full = link().withType("entra").withConnection("entra-" + "0".repeat(36)).tested(NOW + 5, true).used(NOW + 9);
        List<String> values = full.values();
        assertTrue(values.stream().allMatch(v -> v.length() <= 255), values.toString());
        assertEquals(full, SetupLink.of(values));
        assertEquals(link(), SetupLink.of(link().values()), "absent fields stay absent");
    }

    @Test
    @DisplayName("Given values edited by hand into something else, the link does not open")
    void brokenValues() {
        assertNull(SetupLink.of(List.of("id=x", "purpose=NONSENSE")));
        assertNull(SetupLink.of(List.of("whatever")));
    }

    @Test
    @DisplayName("Given the time, a link is open, expired, used or revoked; revoked wins over used, used over expired")
    void states() {
        assertEquals(SetupLink.State.OPEN, link().state(Instant.ofEpochSecond(NOW)));
        assertEquals(SetupLink.State.EXPIRED, link().state(Instant.ofEpochSecond(NOW + 86_400)));
        assertEquals(SetupLink.State.USED, link().used(NOW).state(Instant.ofEpochSecond(NOW + 86_400)));
        assertEquals(SetupLink.State.REVOKED, link().used(NOW).revoked(NOW).state(Instant.ofEpochSecond(NOW)));
    }

    @Test
    @DisplayName("Given a new connection or IdP type, the earlier test result no longer counts")
    void changesForgetTheTest() {
        SetupLink tested = link().withType("okta").withConnection("okta-1").tested(NOW, true);
        assertNull(tested.withConnection("okta-1").testPassed());
        assertNull(tested.withType("entra").testedAt());
    }
}
