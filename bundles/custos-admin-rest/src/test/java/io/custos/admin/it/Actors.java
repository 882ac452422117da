package io.custos.admin.it;

import java.util.List;

/** The test's users, one per role, with tokens minted on demand (they expire after 15 minutes). */
enum Actors {
    NONE(null, List.of()),
    CUSTODIAN("alice.custodian", List.of("key-custodian")),
    OFFICER("oscar.officer", List.of("security-officer")),
    OFFICER2("olga.officer", List.of("security-officer")),
    AUDITOR("audrey.auditor", List.of("auditor")),
    OPERATOR("dan.operator", List.of("data-operator"));

    final String principal;
    final List<String> groups;

    Actors(String principal, List<String> groups) {
        this.principal = principal;
        this.groups = groups;
    }

    String token() {
        return principal == null ? null : Tokens.mint(principal, groups);
    }

    String role() {
        return groups.isEmpty() ? null : groups.get(0);
    }
}
