package io.custos.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.audit.AuditRecorder;
import io.custos.spi.AuditEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit query over a real recorder's tables: filters, paging, LIKE escaping, strict parsing, buckets. Runs on
 * H2 here and on PostgreSQL in {@link AuditQueryPostgresTest}.
 */
class AuditQueryTest {
    @TempDir
    Path dir;
    Stores stores;
    DataSource ds;
    AuditRecorder recorder;
    AuditQuery query;
    final Instant t0 = Instant.parse("2026-11-29T00:00:00Z");

    Stores open() throws Exception {
        return Stores.h2(dir);
    }

    @BeforeEach
    void start() throws Exception {
        stores = open();
        ds = stores.ds;
        recorder = stores.recorder;
        query = new AuditQuery(ds, recorder.config());
        for (int i = 0; i < 10; i++) {
            recorder.record(event(t0.plus(Duration.ofMinutes(10L * i)), "alice", AuditEvent.Category.KEY, "rotate",
                    AuditEvent.Outcome.SUCCESS, "acme", "key " + i));
        }
        recorder.record(event(t0.plusSeconds(30), "bob", AuditEvent.Category.DATA_ACCESS, "decrypt",
                AuditEvent.Outcome.SUCCESS, "acme", "PATIENT_NAME"));
        recorder.record(event(t0.plusSeconds(4000), "bob", AuditEvent.Category.DATA_ACCESS, "decrypt",
                AuditEvent.Outcome.DENIED, "acme", "PATIENTXNAME"));
        recorder.record(event(t0.plusSeconds(4100), "eve", AuditEvent.Category.DATA_ACCESS, "decrypt",
                AuditEvent.Outcome.SUCCESS, "acme_2", "PATIENT_NAME"));
    }

    @AfterEach
    void stop() throws Exception {
        stores.close();
    }

    private static AuditEvent event(Instant time, String actor, AuditEvent.Category c, String action,
                                    AuditEvent.Outcome outcome, String tenant, String target) {
        return new AuditEvent(time, ZoneId.of("UTC"), actor, c, action, outcome, tenant, target, null, null, null, Map.of());
    }

    private static AuditQuery.Filter filter() {
        return new AuditQuery.Filter(null, null, null, null, null, null, null, null);
    }

    @Test
    void page_newestFirst_withMoreFlag() throws Exception {
        Dto.AuditPage p0 = query.page(filter(), 0, 5);
        Dto.AuditPage p2 = query.page(filter(), 2, 5);
        assertThat(p0.events()).extracting(Dto.EventView::seq).containsExactly(12L, 11L, 10L, 9L, 8L);
        assertThat(p0.more()).isTrue();
        assertThat(p2.events()).extracting(Dto.EventView::seq).containsExactly(2L, 1L, 0L);
        assertThat(p2.more()).isFalse();
    }

    @Test
    void cursor_walksTheWholeLogOnce() throws Exception {
        java.util.List<Long> seen = new java.util.ArrayList<>();
        Long cursor = null;
        do {
            Dto.AuditPage p = query.page(filter(), cursor, 0, 4);
            p.events().forEach(e -> seen.add(e.seq()));
            cursor = p.nextBeforeSeq();
            assertThat(cursor == null).isEqualTo(!p.more());
        } while (cursor != null);
        assertThat(seen).containsExactly(12L, 11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
    }

    @Test
    void filters_combine_andTimeRangeIsHalfOpen() throws Exception {
        Dto.AuditPage bob = query.page(new AuditQuery.Filter(null, null, "bob", AuditEvent.Category.DATA_ACCESS, "decrypt",
                AuditEvent.Outcome.DENIED, null, null), 0, 50);
        assertThat(bob.events()).singleElement().satisfies(e -> assertThat(e.target()).isEqualTo("PATIENTXNAME"));
        Dto.AuditPage window = query.page(new AuditQuery.Filter(t0.plus(Duration.ofMinutes(10)),
                t0.plus(Duration.ofMinutes(30)), null, AuditEvent.Category.KEY, null, null, null, null), 0, 50);
        assertThat(window.events()).extracting(Dto.EventView::target).containsExactly("key 2", "key 1");
    }

    @Test
    void tenantAndTarget_matchLiterally_wildcardsEscaped() throws Exception {
        Dto.AuditPage target = query.page(new AuditQuery.Filter(null, null, null, null, null, null, null, "PATIENT_NAME"), 0, 50);
        assertThat(target.events()).extracting(Dto.EventView::target).containsOnly("PATIENT_NAME").hasSize(2);
        Dto.AuditPage tenant = query.page(new AuditQuery.Filter(null, null, null, null, null, null, "acme", null), 0, 50);
        assertThat(tenant.events()).extracting(Dto.EventView::tenant).containsOnly("acme").hasSize(12);
    }

    @Test
    void reads_countDataAccessPerBucket_splitIntoAllowedAndDenied() throws Exception {
        Dto.ReadsView v = query.reads(t0, t0.plus(Duration.ofHours(3)), Duration.ofHours(1));
        assertThat(v.buckets()).hasSize(3);
        assertThat(v.buckets()).extracting(Dto.Bucket::reads).containsExactly(1L, 1L, 0L);
        assertThat(v.buckets()).extracting(Dto.Bucket::denied).containsExactly(0L, 1L, 0L);
    }

    @Test
    void aBodyNotInCanonicalForm_isReportedNotShown() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + stores.eventTable()
                    + " SET body = REPLACE(body, '{\"seq\":3,', '{\"seq\": 3,') WHERE seq = 3");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> query.page(filter(), 0, 50))
                .hasMessageStartingWith("CUSTOS-5004").hasMessageContaining("seq 3");
    }

    @Test
    void aCanonicalButAlteredBody_isShownAsStored_andVerifyFindsIt() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + stores.eventTable()
                    + " SET body = REPLACE(body, '\"alice\"', '\"mallory\"') WHERE seq = 3");
        }
        assertThat(query.page(filter(), 0, 50).events()).extracting(Dto.EventView::actor).contains("mallory");
        // the query shows what is stored; integrity is verify()'s verdict, which the console shows beside it
        assertThat(recorder.verify().intact()).isFalse();
    }
}
