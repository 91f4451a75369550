package dev.orgsso.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One page of a list (RFC 7644 §3.4.2.4): 1-based {@code startIndex}, at most {@code count} resources, the total matched. */
record ScimPage(int total, int startIndex, List<ObjectNode> resources) {

    static ScimPage of(List<ObjectNode> matched, int startIndex, int count) {
        int start = Math.max(startIndex, 1);
        int from = Math.min(start - 1, matched.size());
        int to = Math.min(from + Math.max(count, 0), matched.size());
        return new ScimPage(matched.size(), start, matched.subList(from, to));
    }
}
