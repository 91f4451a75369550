package dev.orgsso.secretexpiry;

import dev.orgsso.core.FederatedIdp;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.IdentityProviderModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SecretExpiryTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @Test
    void stagesAreThirtySevenOneAndTheDay() {
        assertNull(SecretExpiry.stage(31));
        assertEquals(30, SecretExpiry.stage(30));
        assertEquals(30, SecretExpiry.stage(8));
        assertEquals(7, SecretExpiry.stage(7));
        assertEquals(1, SecretExpiry.stage(1));
        assertEquals(0, SecretExpiry.stage(0));
        assertEquals(0, SecretExpiry.stage(-40));
    }

    @Test
    void eachStageIsWarnedOnceAndALaterStageStillComes() {
        FederatedIdp idp = idp(TODAY.plusDays(6), null);
        assertEquals(7, SecretExpiry.due(idp, TODAY));
        assertNull(SecretExpiry.due(idp(TODAY.plusDays(6), "7"), TODAY), "already warned at 7");
        assertEquals(1, SecretExpiry.due(idp(TODAY.plusDays(1), "7"), TODAY));
        assertEquals(0, SecretExpiry.due(idp(TODAY.minusDays(3), "1"), TODAY));
        assertNull(SecretExpiry.due(idp(TODAY.minusDays(3), "0"), TODAY));
        assertNull(SecretExpiry.due(idp(TODAY.plusDays(90), null), TODAY));
    }

    @Test
    @DisplayName("A SAML IdP's credential is its signing certificates: it expires with the last of them (a rollover keeps both)")
    void samlCertificatesExpireWithTheLastOne() throws Exception {
        String soon = certificate("cert-until-2027-01-10.b64");
        String later = certificate("cert-until-2028-01-05.b64");
        FederatedIdp both = saml(soon + "," + later);
        assertEquals(FederatedIdp.Credential.SIGNING_CERTIFICATE, both.credential());
        assertEquals(LocalDate.of(2028, 1, 5), both.credentialExpiresAt());
        assertEquals(LocalDate.of(2027, 1, 10), saml(soon).credentialExpiresAt());
        assertEquals(30, SecretExpiry.due(saml(soon), LocalDate.of(2026, 12, 20)));
        assertNull(SecretExpiry.due(both, LocalDate.of(2026, 12, 20)), "the new certificate is good for another year");
        assertNull(saml("not-a-certificate").credentialExpiresAt(), "unreadable: no date, no warning");
        assertEquals(FederatedIdp.Credential.CLIENT_SECRET, idp(TODAY, null).credential());
        assertEquals(TODAY, idp(TODAY, null).credentialExpiresAt());
    }

    private static String certificate(String resource) throws Exception {
        try (var in = SecretExpiryTest.class.getResourceAsStream("/saml/" + resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        }
    }

    private static FederatedIdp saml(String pinned) {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setConfig(new HashMap<>(Map.of(FederatedIdp.SAML_TYPE, "okta", "signingCertificate", pinned)));
        return new FederatedIdp(model);
    }

    private static FederatedIdp idp(LocalDate expiry, String warned) {
        IdentityProviderModel model = new IdentityProviderModel();
        Map<String, String> config = new HashMap<>(Map.of(FederatedIdp.TYPE, "entra", FederatedIdp.SECRET_EXPIRES_AT, expiry.toString()));
        if (warned != null) {
            config.put(FederatedIdp.SECRET_EXPIRY_WARNED, warned);
        }
        model.setConfig(config);
        return new FederatedIdp(model);
    }
}
