package dev.orgsso.orglogin;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class OrganisationNameKeyTest {

    @Test
    @DisplayName("Given an organisation's name as people type it, case and spaces do not matter")
    void caseAndSpacesIgnored() {
        String key = OrganisationDirectory.nameKey("Acme Corporation");
        assertEquals(key, OrganisationDirectory.nameKey("  acme   CORPORATION "));
        assertEquals(key, OrganisationDirectory.nameKey("ＡＣＭＥ Corporation"), "full-width letters fold under NFKC");
        assertEquals(key, OrganisationDirectory.nameKey("AcmeCorporation"));
    }

    @Test
    @DisplayName("Given a near name, it is not the same name (no suggestions that would list customers)")
    void exactOnly() {
        assertNotEquals(OrganisationDirectory.nameKey("Acme Corporation"), OrganisationDirectory.nameKey("Acme Corp"));
    }
}
