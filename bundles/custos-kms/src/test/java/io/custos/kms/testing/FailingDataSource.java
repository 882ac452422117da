package io.custos.kms.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Wraps a data source so that, once armed, the Nth executeUpdate fails as if the database went away. */
public final class FailingDataSource implements DataSource {
    private final DataSource delegate;
    private final AtomicInteger countdown = new AtomicInteger(-1);
    private final AtomicInteger failures = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicReference<Runnable> beforeNextUpdate =
            new java.util.concurrent.atomic.AtomicReference<>();

    public FailingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** Fails the {@code n}th update from now (1 = the next one). */
    public void failOnUpdate(int n) {
        countdown.set(n);
    }

    /** Runs {@code action} once, just before the next executeUpdate (to interleave another transaction). */
    public void beforeNextUpdate(Runnable action) {
        beforeNextUpdate.set(action);
    }

    public void disarm() {
        countdown.set(-1);
    }

    public int failures() {
        return failures.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return wrap(delegate.getConnection(user, password));
    }

    private Connection wrap(Connection c) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, m, args) -> {
                    Object r = invoke(c, m, args);
                    if (r instanceof PreparedStatement ps) {
                        return statement(ps, PreparedStatement.class);
                    }
                    if (r instanceof Statement s) {
                        return statement(s, Statement.class);
                    }
                    return r;
                });
    }

    private <T extends Statement> Object statement(T s, Class<T> type) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getName().equals("executeUpdate")) {
                Runnable hook = beforeNextUpdate.getAndSet(null);
                if (hook != null) {
                    hook.run();
                }
            }
            if (m.getName().equals("executeUpdate") && countdown.get() > 0 && countdown.decrementAndGet() == 0) {
                failures.incrementAndGet();
                throw new SQLException("simulated connection loss", "08006");
            }
            return invoke(s, m, args);
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
