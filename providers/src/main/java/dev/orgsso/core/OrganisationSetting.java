package dev.orgsso.core;

import java.util.List;
import org.keycloak.models.OrganizationModel;

/** An organisation's yes/no settings, kept as organization attributes (they travel with realm exports). */
final class OrganisationSetting {

    private OrganisationSetting() {
    }

    static boolean isTrue(OrganizationModel org, String attribute) {
        List<String> values = org.getAttributes().get(attribute);
        return values != null && !values.isEmpty() && "true".equalsIgnoreCase(values.get(0));
    }
}
