package dev.orgsso.secretexpiry;

import dev.orgsso.core.FederatedIdp;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
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
