package dev.orgsso.core;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class VerifiedDomainsTest {

    @Test
    @DisplayName("Given an email, the domain is what follows the last @, lowercase")
    void domainOfAnEmail() {
        assertEquals("globex.test", VerifiedDomains.domainOf("Bob@GLOBEX.test"));
        // "a@acme.test"@globex.test style tricks: the mailbox's domain is the last one.
        assertEquals("globex.test", VerifiedDomains.domainOf("bob@acme.test@globex.test"));
        assertEquals("acme.test", VerifiedDomains.domainOf("  alice@acme.test "));
    }

    @Test
    @DisplayName("Given no domain, there is no owner to ask")
    void noDomain() {
        assertNull(VerifiedDomains.domainOf(null));
        assertNull(VerifiedDomains.domainOf("alice"));
        assertNull(VerifiedDomains.domainOf("alice@"));
    }
}
