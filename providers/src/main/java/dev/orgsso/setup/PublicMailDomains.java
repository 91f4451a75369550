package dev.orgsso.setup;

import java.util.Set;

/**
 * Mail domains anyone can get an address at: no organisation may claim one, however it proves it (a
 * mail provider's own staff could add a TXT record). The large free providers of the regions the help
 * desk sells in; the list is short on purpose and checked with its subdomains.
 */
final class PublicMailDomains {

    private static final Set<String> DOMAINS = Set.of(
            "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "hotmail.de", "hotmail.fr",
            "live.com", "live.de", "msn.com", "yahoo.com", "yahoo.co.uk", "yahoo.de", "yahoo.fr", "ymail.com",
            "icloud.com", "me.com", "mac.com", "aol.com", "aol.de", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com",
            "web.de", "t-online.de", "freenet.de", "posteo.de", "mailbox.org", "proton.me", "protonmail.com", "pm.me",
            "tutanota.com", "tuta.io", "mail.com", "zoho.com", "yandex.com", "yandex.ru", "mail.ru", "qq.com",
            "163.com", "126.com", "fastmail.com", "hey.com", "orange.fr", "free.fr", "laposte.net", "libero.it",
            "bluewin.ch", "seznam.cz", "wp.pl", "o2.pl", "onet.pl");

    private PublicMailDomains() {
    }

    static boolean contains(String domain) {
        for (String d = domain; d != null; d = parent(d)) {
            if (DOMAINS.contains(d)) {
                return true;
            }
        }
        return false;
    }

    private static String parent(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? null : domain.substring(dot + 1);
    }
}
