package dev.orgsso.it;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for secrets in a text (a server log, a dump of stored events): each known secret string,
 * each emailed code as a stand-alone 6-digit number, and anything shaped like a JWT. Findings name
 * the line and a masked hint, never the secret itself, so a failing scan does not leak it again.
 */
final class SecretScan {

    /** header.payload. of any JWT (signed, unsigned or cut short): "eyJ" is base64url of '{"'. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.");

    record Finding(String source, int line, String what) {
        @Override
        public String toString() {
            return source + ":" + line + ": " + what;
        }
    }

    private SecretScan() {
    }

    static List<Finding> scan(String source, String text, Collection<String> secrets, Collection<String> codes) {
        List<Pattern> codePatterns = codes.stream()
                .map(c -> Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(c) + "(?![0-9A-Za-z])")).toList();
        List<Finding> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            for (String s : secrets) {
                if (s.length() < 8) {
                    throw new IllegalArgumentException("a secret this short cannot be told from ordinary text: " + mask(s));
                }
                if (line.contains(s)) {
                    found.add(new Finding(source, i + 1, "secret " + mask(s)));
                }
            }
            for (Pattern p : codePatterns) {
                if (p.matcher(line).find()) {
                    found.add(new Finding(source, i + 1, "emailed code " + mask(p.pattern().replaceAll("[^0-9]", ""))));
                }
            }
            Matcher jwt = JWT.matcher(line);
            if (jwt.find()) {
                found.add(new Finding(source, i + 1, "a JWT " + mask(jwt.group())));
            }
        }
        return found;
    }

    private static String mask(String s) {
        return s.substring(0, Math.min(3, s.length())) + "…(" + s.length() + " chars)";
    }
}
