/**
 * The Custos admin REST API (a WAR): JAX-RS resources under MicroProfile JWT roles ({@link io.custos.admin.Roles}),
 * RFC 9457 problem+json errors with numbered messages, MicroProfile Health, Metrics and OpenAPI, and a web
 * console under {@code /console/}. Endpoints and roles are listed in {@code docs/admin-api.md}.
 *
 * <h2>Security guarantees</h2>
 * No endpoint returns key material; every change goes through the KMS or the audit recorder, which check the
 * caller's duties again and audit it; errors never carry a stack trace.
 */
package io.custos.admin;
