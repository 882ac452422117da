package io.custos.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.error.ConfigurationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DirectDataSourceTest {
    private final String url = "jdbc:h2:mem:dds" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";

    @Test
    void close_rollsBackWhatIsUncommitted_restoresAutoCommit_andReusesTheConnection() throws Exception {
        DirectDataSource ds = DirectDataSource.of(url, "sa", "", getClass().getClassLoader());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (v INT)");
        }
        Connection first = ds.getConnection();
        first.setAutoCommit(false);
        try (Statement s = first.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (1)");
        }
        first.close();
        assertThat(first.isClosed()).isTrue();
        assertThatThrownBy(first::createStatement).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        try (Connection again = ds.getConnection(); Statement s = again.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            assertThat(again.getAutoCommit()).isTrue();
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void manyHandles_atOnce_eachWork_andTheIdleSetStaysBounded() throws Exception {
        DirectDataSource ds = DirectDataSource.of(url, "sa", "", getClass().getClassLoader());
        java.util.List<Connection> open = new java.util.ArrayList<>();
        for (int i = 0; i < DirectDataSource.MAX_IDLE + 4; i++) {
            open.add(ds.getConnection());
        }
        for (Connection c : open) {
            assertThat(c.isValid(1)).isTrue();
            c.close();
        }
        assertThat(ds.getConnection().isValid(1)).isTrue();
    }

    @Test
    void aUrlNoDriverAccepts_isAConfigurationError() {
        assertThatThrownBy(() -> DirectDataSource.of("jdbc:nosuchdb://x", null, null, getClass().getClassLoader()))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("CUSTOS-1002")
                .hasMessageContaining("custos.admin.jdbc.url");
    }

    @Test
    void toString_hidesTheUrlsQueryPart() throws Exception {
        DirectDataSource ds = DirectDataSource.of("jdbc:h2:mem:x?secret=1", null, "pw", getClass().getClassLoader());
        assertThat(ds.toString()).doesNotContain("secret").doesNotContain("pw");
    }
}
