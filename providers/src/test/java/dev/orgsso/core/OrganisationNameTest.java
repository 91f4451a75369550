package dev.orgsso.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OrganisationNameTest {

    @ParameterizedTest
    @CsvSource({
            "acme, acme",
            "'  ACME ', acme",
            "Acme-Corp, acme-corp",
            "acme_2.eu, acme_2.eu",
            "ＡＣＭＥ, acme", // full-width letters fold under NFKC
            "ﬁrm, firm", // the "fi" ligature folds too
    })
    void normalisesToTheAlias(String typed, String alias) {
        OrganisationName name = OrganisationName.parse(typed);
        assertEquals(alias, name.alias());
        assertNull(name.problem());
    }

    @ParameterizedTest
    @CsvSource({
            "'', MISSING",
            "'   ', MISSING",
            "acme corp, HAS_SPACES",
            "'acme\u00A0corp', HAS_SPACES",
            "'<script>', INVALID",
            "-acme, INVALID",
            "acme/../x, INVALID",
            "'acme\u0000', INVALID",
            "ac\u202Eme, INVALID", // right-to-left override
            "ａｃｍｅ＜, INVALID",
    })
    void refusesWithAReason(String typed, OrganisationName.Problem problem) {
        OrganisationName name = OrganisationName.parse(typed);
        assertNull(name.alias());
        assertEquals(problem, name.problem());
    }

    @Test
    void tooLongBeforeAndAfterNormalising() {
        assertEquals(OrganisationName.Problem.TOO_LONG, OrganisationName.parse("a".repeat(65)).problem());
        assertEquals(OrganisationName.Problem.TOO_LONG, OrganisationName.parse("a".repeat(100_000)).problem());
        assertEquals("a".repeat(64), OrganisationName.parse("a".repeat(64)).alias());
    }

    @Test
    void nullIsMissing() {
        assertEquals(OrganisationName.Problem.MISSING, OrganisationName.parse(null).problem());
    }
}
