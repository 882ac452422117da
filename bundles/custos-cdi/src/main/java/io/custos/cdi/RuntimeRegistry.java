package io.custos.cdi;

import io.custos.jpa.ProtectionRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The protection runtimes of the persistence units that started with CDI-provided services. */
@ApplicationScoped
public class RuntimeRegistry {
    private final List<ProtectionRuntime> runtimes = new CopyOnWriteArrayList<>();

    public void register(ProtectionRuntime runtime) {
        runtimes.add(runtime);
    }

    /** The runtime whose unit maps {@code type}, or {@code null}. */
    public ProtectionRuntime forType(Class<?> type) {
        for (ProtectionRuntime r : runtimes) {
            if (r.handles(type)) {
                return r;
            }
        }
        return null;
    }
}
