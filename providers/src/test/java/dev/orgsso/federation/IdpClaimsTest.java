package dev.orgsso.federation;

import dev.orgsso.core.IdpType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdpClaimsTest {

    private static final String ISS = "https://login.microsoftonline.com/tid-1/v2.0";

    @Test
    void entraEmailIsNeverTrustedWithoutDomainOwnerVerified() {
        Map<String, Object> claims = new HashMap<>(Map.of("tid", "tid-1", "oid", "oid-1", "email", "Megan@Contoso.COM",
                "email_verified", true));
        IdpClaims mapped = IdpClaims.of(IdpType.ENTRA, ISS, "pairwise", claims);
        assertFalse(mapped.emailTrusted(), "Entra's email_verified is not Entra's to assert");
        assertEquals("megan@contoso.com", mapped.email());
        claims.put("xms_edov", true);
        assertTrue(IdpClaims.of(IdpType.ENTRA, ISS, "pairwise", claims).emailTrusted());
        claims.put("xms_edov", false);
        assertFalse(IdpClaims.of(IdpType.ENTRA, ISS, "pairwise", claims).emailTrusted());
    }

    @Test
    void entraSubjectIsTenantAndObjectIdAndTheLinkIsTheObjectId() {
        IdpClaims mapped = IdpClaims.of(IdpType.ENTRA, ISS, "pairwise-sub", Map.of("tid", "tid-1", "oid", "oid-1"));
        assertEquals("entra|tid-1|oid-1", mapped.subject());
        assertEquals("oid-1", mapped.linkId());
        assertEquals("tid-1", mapped.tenantId());
    }

    @Test
    void upnAndPreferredUsernameAreNeverTakenAsTheEmail() {
        IdpClaims mapped = IdpClaims.of(IdpType.ENTRA, ISS, "s", Map.of("tid", "t", "oid", "o",
                "upn", "ceo@victim.com", "preferred_username", "ceo@victim.com"));
        assertNull(mapped.email());
        assertFalse(mapped.emailTrusted());
    }

    @Test
    void oktaAndJumpCloudTrustOnlyALiteralTrue() {
        for (IdpType type : new IdpType[] {IdpType.OKTA, IdpType.JUMPCLOUD, IdpType.OIDC}) {
            assertTrue(IdpClaims.of(type, "https://i", "s", Map.of("email", "a@b.c", "email_verified", true)).emailTrusted());
            assertFalse(IdpClaims.of(type, "https://i", "s", Map.of("email", "a@b.c", "email_verified", "true")).emailTrusted());
            assertFalse(IdpClaims.of(type, "https://i", "s", Map.of("email", "a@b.c", "email_verified", false)).emailTrusted());
            assertFalse(IdpClaims.of(type, "https://i", "s", Map.of("email", "a@b.c")).emailTrusted());
            assertFalse(IdpClaims.of(type, "https://i", "s", Map.of("email_verified", true)).emailTrusted(), "no email, nothing to trust");
            assertEquals("https://i|s", IdpClaims.of(type, "https://i", "s", Map.of()).subject());
        }
    }

    @Test
    void namesComeFromGivenAndFamilyNameElseFromName() {
        IdpClaims both = IdpClaims.of(IdpType.OKTA, "https://i", "s", Map.of("given_name", "Hank", "family_name", "Scorpio", "name", "X Y"));
        assertEquals("Hank", both.givenName());
        assertEquals("Scorpio", both.familyName());
        IdpClaims split = IdpClaims.of(IdpType.ENTRA, ISS, "s", Map.of("tid", "t", "oid", "o", "name", "Nancy Anne Davolio"));
        assertEquals("Nancy Anne", split.givenName());
        assertEquals("Davolio", split.familyName());
        assertEquals("Cher", IdpClaims.of(IdpType.OIDC, "https://i", "s", Map.of("name", "Cher")).givenName());
        assertNull(IdpClaims.of(IdpType.OIDC, "https://i", "s", Map.of()).givenName());
    }
}
