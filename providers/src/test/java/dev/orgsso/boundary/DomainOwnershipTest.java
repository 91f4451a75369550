package dev.orgsso.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DomainOwnershipTest {

    @Test
    @DisplayName("Given an email, the domain is what follows the last @, lowercase")
    void domainOfAnEmail() {
        assertEquals("globex.test", DomainOwnership.domainOf("Bob@GLOBEX.test"));
        // "a@acme.test"@globex.test style tricks: the mailbox's domain is the last one.
        assertEquals("globex.test", DomainOwnership.domainOf("bob@acme.test@globex.test"));
        assertEquals("acme.test", DomainOwnership.domainOf("  alice@acme.test "));
    }

    @Test
    @DisplayName("Given no domain, there is no owner to ask")
    void noDomain() {
        assertNull(DomainOwnership.domainOf(null));
        assertNull(DomainOwnership.domainOf("alice"));
        assertNull(DomainOwnership.domainOf("alice@"));
    }
}
