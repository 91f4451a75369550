package dev.orgsso.setup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.OrganizationModel;

/** The organisation's IT contact (the last one a setup link named): where renewal links are mailed. */
final class SetupContact {

    static final String ATTRIBUTE = "orgsso.itContact";

    private SetupContact() {
    }

    static void remember(OrganizationModel org, String email) {
        Map<String, List<String>> attributes = new HashMap<>(org.getAttributes());
        attributes.put(ATTRIBUTE, List.of(email));
        org.setAttributes(attributes);
    }

    static String of(OrganizationModel org) {
        List<String> values = org.getAttributes().get(ATTRIBUTE);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }
}
