package dev.orgsso.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.testing.Fake;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OrganisationTokenTest {

    private static final String ORG = "0b5c3f2a-1111-4222-8333-944455556666";

    @Test
    @DisplayName("Given an issued token, it names its organisation and id, and only its own secret matches the stored hash")
    void issuedTokenRoundTrip() {
        OrganisationToken.Issued issued = OrganisationToken.issue(Fake.of(org.keycloak.models.OrganizationModel.class, java.util.Map.of("getId", args -> ORG)));
        OrganisationToken.Parts parts = OrganisationToken.parse(issued.token());
        assertEquals(ORG, parts.organizationId());
        assertEquals(issued.id(), parts.id());
        assertTrue(parts.matches(issued.secretHash()));
        assertFalse(issued.token().contains(issued.secretHash()), "the stored hash is not in the token");
        OrganisationToken.Parts other = OrganisationToken.parse(issued.token().substring(0, issued.token().length() - 1)
                + (issued.token().endsWith("A") ? "B" : "A"));
        assertFalse(other.matches(issued.secretHash()), "one character off is another secret");
        assertFalse(parts.matches(null));
    }

    @Test
    @DisplayName("Given anything that is not a token, nothing is parsed (and nothing would be looked up)")
    void notTokens() {
        for (String bad : new String[] {null, "", "abc", ORG + ".short.secret", ORG + ".abcdefghijklmnop", "x".repeat(500),
                ORG.toUpperCase() + ".abcdefghijklmnop.abcdefghijklmnopqrstuvwxyz012345", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig"}) {
            assertNull(OrganisationToken.parse(bad), String.valueOf(bad));
        }
    }
}
