package dev.orgsso.handoff;

import dev.orgsso.core.SsoMembership;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.OrganizationModel;

/**
 * An organisation's JWT handoff settings, kept as organization attributes (so they live in the
 * database, travel with realm exports and are visible, minus secrets, in the admin console).
 */
final class HandoffSettings {

    static final String ENABLED = SsoMembership.HANDOFF_ENABLED;
    /** Sealed secrets, one value each: {@code <id>|<created epoch s>|<sealed secret>}. At most two are live. */
    static final String SECRETS = "orgsso.handoff.secrets";
    /** A clear secret from a realm import (e.g. ${ORGSSO_DEMO_JWT_SECRET}); sealed and removed on first use. */
    static final String IMPORTED_SECRET = "orgsso.handoff.importedSecret";
    static final String REMOTE_LOGIN_URL = "orgsso.handoff.remoteLoginUrl";
    static final String LOGOUT_URL = "orgsso.handoff.logoutUrl";
    static final String IAT_WINDOW = "orgsso.handoff.iatWindowSeconds";
    static final int MAX_LIVE_SECRETS = 2;

    record Secret(String id, long created, String sealed) {
        String attributeValue() {
            return id + "|" + created + "|" + sealed;
        }

        /** A hand-edited attribute that isn't {@code id|created|sealed} is skipped, never a server error. */
        static Secret parse(String value) {
            String[] p = value.split("\\|", 3);
            try {
                return p.length == 3 ? new Secret(p[0], Long.parseLong(p[1]), p[2]) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private final OrganizationModel org;
    /** Our own view of the attributes: the organization model may not reflect a write within the same request. */
    private final Map<String, List<String>> attributes;

    HandoffSettings(OrganizationModel org) {
        this.org = org;
        this.attributes = new HashMap<>(org.getAttributes());
    }

    boolean enabled() {
        return "true".equalsIgnoreCase(first(ENABLED));
    }

    String remoteLoginUrl() {
        return first(REMOTE_LOGIN_URL);
    }

    String logoutUrl() {
        return first(LOGOUT_URL);
    }

    long iatWindowSeconds() {
        try {
            String v = first(IAT_WINDOW);
            return v == null ? 180 : Math.max(1, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return 180;
        }
    }

    List<Secret> secrets() {
        List<Secret> out = new ArrayList<>();
        for (String v : attributes.getOrDefault(SECRETS, List.of())) {
            Secret s = Secret.parse(v);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** The secret that came in clear with a realm import and is not sealed yet, when it will become a live one; else null. */
    String importedSecret() {
        String clear = first(IMPORTED_SECRET);
        return clear == null || clear.isBlank() || secrets().size() >= MAX_LIVE_SECRETS ? null : clear;
    }

    boolean hasImportedSecret() {
        return first(IMPORTED_SECRET) != null;
    }

    /** Seals a secret that came in clear with a realm import, so that it is never kept in clear. */
    void sealImportedSecret(SecretVault vault) {
        String clear = first(IMPORTED_SECRET);
        if (clear == null) {
            return;
        }
        attributes.remove(IMPORTED_SECRET);
        if (!clear.isBlank() && secrets().size() < MAX_LIVE_SECRETS) {
            List<String> values = new ArrayList<>(attributes.getOrDefault(SECRETS, List.of()));
            values.add(new Secret("imported", Instant.now().getEpochSecond(), vault.seal(clear)).attributeValue());
            attributes.put(SECRETS, values);
        }
        save();
    }

    void add(Secret secret) {
        List<String> values = new ArrayList<>(attributes.getOrDefault(SECRETS, List.of()));
        values.add(secret.attributeValue());
        attributes.put(SECRETS, values);
        save();
    }

    boolean retire(String id) {
        List<String> values = new ArrayList<>(attributes.getOrDefault(SECRETS, List.of()));
        boolean removed = values.removeIf(v -> {
            Secret s = Secret.parse(v);
            return s != null && s.id().equals(id);
        });
        put(SECRETS, values);
        return removed;
    }

    void set(String key, String value) {
        put(key, value == null || value.isBlank() ? List.of() : List.of(value));
    }

    private void put(String key, List<String> values) {
        if (values.isEmpty()) {
            attributes.remove(key);
        } else {
            attributes.put(key, values);
        }
        save();
    }

    private void save() {
        org.setAttributes(new HashMap<>(attributes));
    }

    private String first(String key) {
        List<String> v = attributes.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
