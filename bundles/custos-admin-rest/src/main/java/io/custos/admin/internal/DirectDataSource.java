package io.custos.admin.internal;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that opens connections straight from the JDBC driver found beside the WAR (WEB-INF/lib or the
 * server's lib), for {@code custos.admin.jdbc.url}, and keeps up to {@value #MAX_IDLE} idle ones for reuse. It exists because the audit recorder keeps one connection
 * open across requests for group commit, which a container-managed pool does not allow on Payara (the pool
 * resets the connection between requests; on PostgreSQL the next commit fails with SQL state 25P01).
 *
 * <h2>Security guarantees</h2>
 * The password is held only inside the driver properties and never printed; {@link #toString()} shows the URL
 * without its query part.
 */
final class DirectDataSource implements DataSource {
    /** Idle connections kept for reuse; more are opened on demand and closed when the pool is full. */
    static final int MAX_IDLE = 16;

    private final Driver driver;
    private final String url;
    private final Properties properties;
    private final java.util.concurrent.BlockingDeque<Connection> idle =
            new java.util.concurrent.LinkedBlockingDeque<>(MAX_IDLE);

    private DirectDataSource(Driver driver, String url, Properties properties) {
        this.driver = driver;
        this.url = url;
        this.properties = properties;
    }

    /** @throws ConfigurationException (CUSTOS-1002) if no driver on the class path accepts the URL */
    static DirectDataSource of(String url, String user, String password, ClassLoader loader)
            throws ConfigurationException {
        for (Driver d : ServiceLoader.load(Driver.class, loader)) {
            try {
                if (d.acceptsURL(url)) {
                    Properties p = new Properties();
                    if (user != null) {
                        p.setProperty("user", user);
                    }
                    if (password != null) {
                        p.setProperty("password", password);
                    }
                    return new DirectDataSource(d, url, p);
                }
            } catch (SQLException e) {
                // this driver cannot judge the URL; try the next one
            }
        }
        throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "custos.admin.jdbc.url", AdminRuntime.OWNER,
                "no JDBC driver on the class path accepts it; put the driver jar into WEB-INF/lib or the server's lib");
    }

    /**
     * A connection from the idle set (checked alive) or a new one. Closing the returned handle rolls back what
     * is uncommitted, restores auto-commit and puts the connection back, or closes it when the set is full.
     */
    @Override
    public Connection getConnection() throws SQLException {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            if (c.isValid(2)) {
                return handle(c);
            }
            quietlyClose(c);
        }
        c = driver.connect(url, properties);
        if (c == null) {
            throw new SQLException("the JDBC driver refused the URL", "08001");
        }
        return handle(c);
    }

    private Connection handle(Connection physical) {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(DirectDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            if (closed.compareAndSet(false, true)) {
                                release(physical);
                            }
                            return null;
                        case "isClosed":
                            return closed.get() || physical.isClosed();
                        case "unwrap", "isWrapperFor":
                            throw new SQLException("not a wrapper");
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "toString":
                            return "pooled connection to " + this;
                        default:
                            if (closed.get()) {
                                throw new SQLException("connection is closed", "08003");
                            }
                            try {
                                return method.invoke(physical, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    private void release(Connection physical) {
        try {
            if (!physical.getAutoCommit()) {
                physical.rollback();
                physical.setAutoCommit(true);
            }
            physical.clearWarnings();
            if (!physical.isClosed() && idle.offerFirst(physical)) {
                return;
            }
        } catch (SQLException e) {
            // broken: drop it
        }
        quietlyClose(physical);
    }

    private static void quietlyClose(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing to release
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from configuration");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no driver-manager logging: it could print connection properties
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the driver's own timeout applies
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }

    @Override
    public String toString() {
        int q = url.indexOf('?');
        return "DirectDataSource[" + (q < 0 ? url : url.substring(0, q)) + "]";
    }
}
