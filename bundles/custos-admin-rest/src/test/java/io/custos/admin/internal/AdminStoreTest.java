package io.custos.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.CryptoException;
import io.custos.kms.Actor;
import io.custos.kms.Role;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin tables: policy versions with their audit event in the same transaction, the optimistic check, and the
 * destruction-request registry. Runs on H2 here and on PostgreSQL in {@link AdminStorePostgresTest}.
 */
class AdminStoreTest {
    static final Actor OFFICER = Actor.of("oscar", Role.SECURITY_OFFICER);

    @TempDir
    Path dir;
    Stores stores;
    AdminStore store;

    Stores open() throws Exception {
        return Stores.h2(dir);
    }

    @BeforeEach
    void start() throws Exception {
        stores = open();
        store = AdminStore.start(stores.ds, stores.recorder);
    }

    @AfterEach
    void stop() throws Exception {
        stores.close();
    }

    @Test
    void changePolicy_storesVersionsNewestFirst_eachWithItsAuditEvent() throws Exception {
        assertThat(store.currentPolicy()).isEmpty();
        long before = events();
        store.changePolicy(OFFICER, 0, "{\"policyVersion\":1}", "first");
        AdminStore.PolicyVersion v2 = store.changePolicy(OFFICER, 1, "{\"policyVersion\":1,\"tenant\":\"t\"}", "second");
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.sha256()).isEqualTo(AdminStore.sha256("{\"policyVersion\":1,\"tenant\":\"t\"}"));
        assertThat(store.currentPolicy()).get().extracting(AdminStore.PolicyVersion::reason).isEqualTo("second");
        assertThat(store.policyHistory(10)).extracting(AdminStore.PolicyVersion::version).containsExactly(2L, 1L);
        assertThat(events()).isEqualTo(before + 2);
        Dto.AuditPage page = new AuditQuery(stores.ds, stores.recorder.config()).page(new AuditQuery.Filter(null, null,
                null, io.custos.spi.AuditEvent.Category.POLICY, "change-policy", null, null, null), 0, 10);
        assertThat(page.events()).hasSize(2);
        assertThat(page.events().get(0).purpose()).isEqualTo("second");
        assertThat(page.events().get(0).details()).containsEntry("version", "2").containsEntry("previousVersion", "1")
                .containsEntry("sha256", v2.sha256());
    }

    @Test
    void changePolicy_againstAStaleVersion_isRefusedAndWritesNothing() throws Exception {
        store.changePolicy(OFFICER, 0, "{\"policyVersion\":1}", "first");
        long before = events();
        assertThatThrownBy(() -> store.changePolicy(OFFICER, 0, "{\"policyVersion\":1}", "stale"))
                .isInstanceOf(CryptoException.class).hasMessageStartingWith("CUSTOS-7008");
        assertThat(store.policyHistory(10)).hasSize(1);
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void changePolicy_whenTheAuditAppendFails_storesNoVersion() throws Exception {
        store.changePolicy(OFFICER, 0, "{\"policyVersion\":1}", "first");
        String table = stores.eventTable();
        String bare = table.substring(table.lastIndexOf('.') + 1);
        try (Connection c = stores.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " RENAME TO " + bare + "_moved");
        }
        assertThatThrownBy(() -> store.changePolicy(OFFICER, 1, "{\"policyVersion\":1,\"x\":1}", "unaudited"))
                .isInstanceOf(AuditUnavailableException.class).hasMessageStartingWith("CUSTOS-5001");
        try (Connection c = stores.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + "_moved RENAME TO " + bare);
        }
        assertThat(store.currentPolicy()).get().extracting(AdminStore.PolicyVersion::version).isEqualTo(1L);
    }

    @Test
    void destructionRegistry_listsNewestFirst_andIgnoresRepeats() throws Exception {
        store.registerDestruction(3);
        store.registerDestruction(7);
        store.registerDestruction(3);
        assertThat(store.destructionIds(10)).containsExactly(7L, 3L);
        assertThat(store.destructionIds(1)).containsExactly(7L);
        assertThat(store.reachable()).isTrue();
    }

    private long events() throws Exception {
        try (Connection c = stores.ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + stores.eventTable())) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
