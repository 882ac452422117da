package io.custos.rotation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.KeyReference;
import io.custos.crypto.CiphertextFormat;
import io.custos.jpa.ProtectedColumn;
import io.custos.rotation.Db;
import io.custos.rotation.Fixture;
import io.custos.rotation.RotationEnvironment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A business write between the job's read and its compare-and-set: the business value stays, and the row's
 * other stale value is still rotated (the row is read again), on H2 and PostgreSQL.
 */
class ChunkWriteTest {

    @ParameterizedTest
    @EnumSource(Db.Kind.class)
    void casMiss_rowReadAgain_businessValueKeptAndOtherColumnRotated(Db.Kind kind) throws Exception {
        try (Fixture f = new Fixture(Db.open(kind), 1)) {
            long id = f.insert(1, "n").get(0);
            KeyReference v2 = f.keys.rotate(Fixture.FIELD_KEY);
            TablePlan plan = plan(f);
            RowItem read = ReencryptProcessor.prepare(read(f, plan, id), plan);
            assertThat(Integer.bitCount(read.mask)).as("both values stale when read").isEqualTo(2);

            // the business updates CODE only (as EclipseLink does without lazy re-encryption): current version
            ProtectedColumn code = column(plan, "CODE");
            String business = code.protector().encryptText("C-new", code.context(plan.tenant(), Long.toString(id)));
            f.sql("UPDATE ROT_ACCOUNT SET CODE = ? WHERE ID = ?", business, id);

            ChunkWrite.Result result = write(f, plan, List.of(read));
            assertThat(result.misses()).isZero();
            assertThat(result.rewritten()).as("NAME rotated on the second reading, CODE left to the business")
                    .isEqualTo(1);
            String[] stored = f.stored().get(id);
            assertThat(CiphertextFormat.keyOf(CiphertextFormat.fromText(stored[0], "NAME"))).isEqualTo(v2);
            assertThat(stored[1]).isEqualTo(business);
            List<String[]> plain = new ArrayList<>();
            f.each(a -> plain.add(new String[] {a.getName(), a.getCode()}));
            assertThat(plain).hasSize(1);
            assertThat(plain.get(0)).containsExactly("n-0", "C-new");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.Kind.class)
    void casMiss_rowDeletedByBusiness_nothingWrittenNoMiss(Db.Kind kind) throws Exception {
        try (Fixture f = new Fixture(Db.open(kind), 1)) {
            List<Long> ids = f.insert(2, "n");
            f.keys.rotate(Fixture.FIELD_KEY);
            TablePlan plan = plan(f);
            RowItem gone = ReencryptProcessor.prepare(read(f, plan, ids.get(0)), plan);
            RowItem kept = ReencryptProcessor.prepare(read(f, plan, ids.get(1)), plan);
            f.sql("DELETE FROM ROT_ACCOUNT WHERE ID = ?", ids.get(0));

            ChunkWrite.Result result = write(f, plan, List.of(gone, kept));
            assertThat(result.misses()).isZero();
            assertThat(result.rewritten()).isEqualTo(2);
            Map<Long, String[]> stored = f.stored();
            assertThat(stored).containsOnlyKeys(ids.get(1));
        }
    }

    private static TablePlan plan(Fixture f) throws Exception {
        RotationEnvironment env = f.env("chunk-test").build();
        List<TablePlan> plans = TablePlan.forKey(env, Fixture.FIELD_KEY);
        assertThat(plans).hasSize(1);
        return plans.get(0);
    }

    private static ProtectedColumn column(TablePlan plan, String name) {
        return plan.columns().stream().filter(c -> c.column().equalsIgnoreCase(name)).findFirst().orElseThrow();
    }

    private static RowItem read(Fixture f, TablePlan plan, long id) throws Exception {
        try (Connection c = f.db.getConnection(); PreparedStatement p = c.prepareStatement(plan.selectRow())) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                assertThat(r.next()).isTrue();
                Object[] values = new Object[plan.columns().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.getString(i + 2);
                }
                return new RowItem(r.getLong(1), values);
            }
        }
    }

    private static ChunkWrite.Result write(Fixture f, TablePlan plan, List<RowItem> rows) throws Exception {
        try (Connection c = f.db.getConnection()) {
            c.setAutoCommit(false);
            ChunkWrite.Result result = ChunkWrite.write(c, plan, rows);
            c.commit();
            return result;
        }
    }
}
